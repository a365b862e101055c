from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReviewHelpdeskCase


@tagged("post_install", "-at_install")
class TestHelpdeskAccess(ReviewHelpdeskCase):
    """A place's staff create tickets only for the reviews they handle;
    tickets stay the helpdesk's."""

    def assertNoTicket(self, review):
        self.assertFalse(self._tickets(review))
        self.assertFalse(review.ticket_id)
        self.assertFalse(review.is_treated)

    def test_staff_of_another_place(self):
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_b).action_create_ticket()
        self.assertNoTicket(self.review_a)
        with self.assertRaises(AccessError):
            self.review_b.with_user(self.user_a).action_create_ticket()
        self.assertNoTicket(self.review_b)

    def test_viewer_and_other_company(self):
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.viewer).action_create_ticket()
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.manager_y).action_create_ticket()
        self.assertNoTicket(self.review_a)

    def test_helpdesk_agent_without_review_rights(self):
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.agent).action_create_ticket()
        self.assertNoTicket(self.review_a)

    def test_delegate_wizard_of_another_place(self):
        with self.assertRaises(AccessError):
            self.env["review.delegate.wizard"].with_user(self.user_b).create(
                {"review_id": self.review_a.id, "delegate_by": "ticket"}
            )
        self.assertNoTicket(self.review_a)

    def test_tickets_stay_the_helpdesks(self):
        """Staff hand a review to the helpdesk, yet read no ticket, theirs
        included, and create none by themselves."""
        ticket = self._create_ticket()
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_a)
        self.assertFalse(Ticket.search([("id", "=", ticket.id)]))
        self.assertFalse(ticket.with_user(self.user_a).has_access("read"))
        with self.assertRaises(AccessError):
            Ticket.create(
                {"name": "Mine", "description": "x", "team_id": self.team_a.id}
            )
        # the helpdesk's own users do
        self.assertTrue(ticket.with_user(self.agent).has_access("write"))

    def test_ticket_number_and_stage_for_readers_of_the_review(self):
        self._create_ticket()
        for user in (self.user_a, self.viewer):
            review = self.review_a.with_user(user)
            self.assertEqual(review.ticket_number, self.review_a.ticket_id.number)
            self.assertEqual(review.ticket_stage_name, "New")
        # but not for others
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_b).read(["ticket_number"])
