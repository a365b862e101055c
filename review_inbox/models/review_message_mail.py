from odoo import _, api, fields, models
from odoo.tools import html_sanitize, parse_contact_from_email


class ReviewMessage(models.Model):
    """Reviews received by email, through the alias of a place or of a company."""

    _inherit = "review.message"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new email to an alias: a review of type message for its place.

        Answers to our reply emails never come here: the gateway routes them by
        In-Reply-To to their review (``message_update``).
        """
        values = dict(custom_values or {})
        place = self.env["review.place"].browse(values.pop("place_id", False))
        company = self.env["res.company"].browse(values.pop("company_id", False))
        if not place and company:
            place = company.review_default_place_id
        place = place.exists()
        if not place:
            # the gateway bounces the email back to its sender
            raise ValueError(
                _(
                    "This email address is not linked to a place: "
                    "the email cannot become a review."
                )
            )
        partner = self._review_email_partner(msg_dict, place)
        if partner:
            # the posted email is then the customer's own
            msg_dict["author_id"] = partner.id
        values.update(
            {
                "place_id": place.id,
                "company_id": place.company_id.id,
                "partner_id": partner.id,
                "review_type": "message",
                "source": "email",
                "rating": 0,
                # sanitizing tags the quoted history, then dropped
                "body": self._answer_from_email_body(
                    html_sanitize(msg_dict.get("body") or "")
                ),
                "review_date": fields.Datetime.to_datetime(msg_dict.get("date"))
                or fields.Datetime.now(),
            }
        )
        # the customer is unsubscribed once their email is posted (below)
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _review_email_partner(self, msg_dict, place):
        """The sender: the partner the gateway found, else a new one."""
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if partner:
            return partner
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        if not email:
            return partner
        partner, _created = place._customer_partner(email, name)
        return partner

    def _message_post_after_hook(self, message, msg_vals):
        """Customers never follow their review: the mail gateway subscribes the
        author of an incoming email, unsubscribe the customer again."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            len(self) == 1
            and msg_vals.get("message_type") == "email"
            and self.partner_id
            and message.author_id == self.partner_id
            and self.partner_id in self.sudo().message_partner_ids
        ):
            self.sudo().message_unsubscribe(partner_ids=self.partner_id.ids)
        return res
