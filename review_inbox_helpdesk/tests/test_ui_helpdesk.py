import re

from odoo.tests import HttpCase, tagged

from .common import ReviewHelpdeskCase


@tagged("post_install", "-at_install")
class TestUiHelpdesk(ReviewHelpdeskCase, HttpCase):
    """Place staff hand a review to the helpdesk from its form
    (static/tests/tours/review_inbox_helpdesk_tour.js)."""

    def test_create_ticket_tour(self):
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_helpdesk_tour",
            login="place_a_user",
        )
        ticket = self.alert_a.ticket_id
        self.assertTrue(ticket)
        self.assertRegex(ticket.number, re.compile(r"^HT\d{5}$"))
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.review_id, self.alert_a)
