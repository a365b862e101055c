from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUi(ReviewInboxCase, HttpCase):
    def test_place_user_tour(self):
        # the tour reads the status on the review it marks as done
        self.user_a.review_stay_after_action = True
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_place_user_tour",
            login="place_a_user",
        )
        self.assertTrue(self.alert_a.is_on_hold)
        self.assertEqual(self.alert_a.hold_reason, "Manager will call back on Monday")
        self.assertEqual(self.alert_a.priority, "hold")
        self.assertEqual(self.review_a.state, "done")
        self.assertEqual(self.review_b.state, "inbox")
