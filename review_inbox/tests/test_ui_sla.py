from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiSla(ReviewInboxCase, HttpCase):
    """The clock badge of cards and rows, and the Late filter."""

    def test_clock_badge_and_late_filter(self):
        now = fields.Datetime.now()
        self.review_a.review_date = now - timedelta(hours=100)
        self.alert_a.review_date = now - timedelta(hours=20)
        self.assertEqual(self.review_a.sla_status, "late")
        self.assertEqual(self.alert_a.sla_status, "due_soon")
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_sla_tour",
            login="place_a_user",
        )
