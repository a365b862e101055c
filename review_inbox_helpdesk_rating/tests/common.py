from odoo.addons.review_inbox_helpdesk.tests.common import ReviewHelpdeskCase


class HelpdeskRatingCase(ReviewHelpdeskCase):
    """The helpdesk bridge's fixtures (team A is place A's, the company's
    team no place's) with helpdesk_mgmt_rating's rating request sent when a
    ticket is done, and a ticket made from review A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_done.rating_mail_template_id = cls.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template"
        )
        cls.ticket_from_review = cls._ticket_of_review(cls.review_a, cls.user_a)

    @classmethod
    def _ticket_of_review(cls, review, user):
        review.with_user(user).action_create_ticket()
        return review.ticket_id

    @classmethod
    def _ticket(cls, team, name="Broken login"):
        return (
            cls.env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": name,
                    "description": "It fails.",
                    "team_id": team.id,
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                }
            )
        )

    def close_ticket(self, ticket):
        """The helpdesk agent takes the ticket and moves it to Done:
        helpdesk_mgmt_rating sends its rating request, from the agent.
        Return that request's rating (no value yet)."""
        before = ticket.sudo().rating_ids
        ticket.with_user(self.agent).write(
            {"user_id": self.agent.id, "stage_id": self.stage_done.id}
        )
        rating = ticket.sudo().rating_ids - before
        self.assertEqual(len(rating), 1, "one rating request sent")
        self.assertEqual(rating.rating, 0)
        return rating

    def give_rating(self, ticket, rate, feedback=None):
        """The ticket closed, its customer rates it through the request's
        token, as Odoo's rating page does; return the rating."""
        rating = self.close_ticket(ticket)
        ticket.sudo().rating_apply(rate, token=rating.access_token, feedback=feedback)
        return rating

    def sync(self):
        """Run the job that brings the ratings into the inbox."""
        self.env["rating.rating"]._cron_review_sync()
        self.env.invalidate_all()

    def review_of(self, rating):
        return self.env["review.message"].sudo().search([("rating_id", "=", rating.id)])

    def origin_notes(self, review):
        """The notes on ``review`` saying its ticket was rated."""
        return review.message_ids.filtered(
            lambda message: "made from this review" in message.body
        )
