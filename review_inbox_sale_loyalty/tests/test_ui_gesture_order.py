from odoo.tests import HttpCase, tagged

from .common import SaleGestureCase

INBOX = "/odoo/action-review_inbox.review_message_action_inbox"


@tagged("post_install", "-at_install")
class TestUiGestureOrder(SaleGestureCase, HttpCase):
    """Place staff open an alert tied to a sale order, offer a coupon and
    send the reply with its code
    (static/tests/tours/review_inbox_sale_loyalty_tour.js)."""

    def test_offer_a_coupon_on_an_order_tour(self):
        self.company.review_gesture_max_amount = 20
        self.user_a.review_stay_after_action = True
        self.assertTrue(self.order_alert.is_alert)
        self.start_tour(
            f"{INBOX}/{self.order_alert.id}",
            "review_inbox_sale_loyalty_tour",
            login="place_a_user",
        )
        card = self._cards(self.order_alert)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.program_id, self.coupon_10)
        self.assertEqual(card.partner_id, self.order.partner_id)
        entry = self.order_alert.sudo().conversation_entry_ids
        self.assertEqual(
            entry.body,
            f"We are sorry about the workshop. Please accept {card.code} "
            "for your next one.",
        )
        mail = entry.notification_id.mail_mail_id
        self.assertEqual(mail.recipient_ids, self.order.partner_id)
        self.assertIn(card.code, mail.body_html)
        self.assertFalse(self._program_mails(), "no email of the program")
