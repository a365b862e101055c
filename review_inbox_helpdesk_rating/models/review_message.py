from collections import defaultdict

from odoo import _, api, fields, models

TICKET_MODEL = "helpdesk.ticket"


class ReviewMessage(models.Model):
    _inherit = "review.message"

    origin_review_id = fields.Many2one(
        "review.message",
        string="Ticket made from review",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The customer's review that the rated helpdesk ticket was created "
        "from: this review is the customer's rating of how the helpdesk "
        "handled it.",
    )

    @api.model
    def _protected_fields(self):
        # set from the rated ticket only
        return super()._protected_fields() | {"origin_review_id"}

    def _review_link_origin_reviews(self):
        """Set ``origin_review_id`` on these new reviews of ratings of tickets
        made from a review (of the same company); return those reviews. As
        superuser, from the ratings' job: three queries for the batch, and
        one write per review linked."""
        tickets_reviews = self.filtered(lambda review: review.res_model == TICKET_MODEL)
        if not tickets_reviews:
            return self.browse()
        tickets = (
            self.env[TICKET_MODEL]
            .with_context(active_test=False)
            .browse(set(tickets_reviews.mapped("res_id")))
            .exists()
        )
        origin_of = {ticket.id: ticket.review_id for ticket in tickets}
        linked = defaultdict(lambda: self.browse())
        for review in tickets_reviews:
            origin = origin_of.get(review.res_id)
            # a review of another company is not this one's to name
            if origin and origin.company_id == review.company_id:
                linked[origin] |= review
        for origin, reviews in linked.items():
            reviews.write({"origin_review_id": origin.id})
        return self.browse().union(*linked.values())

    def _review_log_ticket_rating_on_origin(self, again=False):
        """Tell the review each ticket was made from that the customer rated
        the ticket (``again``: rated it again), with a link to this review.
        A note by OdooBot, as the ratings' own notes: nobody acted on that
        review. As superuser, from the ratings' job."""
        root = self.env.ref("base.partner_root")
        tickets = self.env[TICKET_MODEL].browse(set(self.mapped("res_id"))).exists()
        for review in self.filtered("origin_review_id"):
            ticket = tickets.filtered(lambda t, r=review: t.id == r.res_id)
            values = {
                "ticket": ticket._get_html_link(title=ticket.number)
                if ticket
                else review.res_name,
                "rating": review.rating,
                "review": review._get_html_link(title=_("the rating's review")),
            }
            if again:
                body = _(
                    "The customer rated ticket %(ticket)s, made from this review, "
                    "again: %(rating)s out of 5 (%(review)s).",
                    **values,
                )
            else:
                body = _(
                    "The customer rated ticket %(ticket)s, made from this review: "
                    "%(rating)s out of 5 (%(review)s).",
                    **values,
                )
            review.origin_review_id.with_context(
                review_inbox_logging=True
            ).message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=root.id,
            )
