from odoo.tests import HttpCase, tagged

from .common import GestureCase

INBOX = "/odoo/action-review_inbox.review_message_action_inbox"


@tagged("post_install", "-at_install")
class TestUiGesture(GestureCase, HttpCase):
    """Place staff open an alert, offer a coupon and send the reply with its
    code (static/tests/tours/review_inbox_loyalty_tour.js)."""

    def test_offer_a_coupon_tour(self):
        self.company.review_gesture_max_amount = 20
        self.user_a.review_stay_after_action = True
        self.assertTrue(self.alert_a.is_alert)
        self.start_tour(
            f"{INBOX}/{self.alert_a.id}",
            "review_inbox_loyalty_tour",
            login="place_a_user",
        )
        card = self._cards(self.alert_a)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.program_id, self.coupon_10)
        self.assertEqual(card.partner_id, self.customer)
        entry = self.alert_a.sudo().conversation_entry_ids
        self.assertEqual(
            entry.body,
            f"We are sorry about the cold food. Please accept {card.code} "
            "for your next visit.",
        )
        mails = self.env["mail.mail"].sudo().search([("model", "=", "review.message")])
        self.assertIn(card.code, entry.notification_id.mail_mail_id.body_html)
        self.assertEqual(
            self.env["mail.mail"].sudo().search_count([("model", "=", "loyalty.card")]),
            0,
            "no email of the program",
        )
        self.assertTrue(mails)
