from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SaleGestureCase


@tagged("post_install", "-at_install")
class TestGestureOrder(SaleGestureCase):
    """A gesture offered on the review of a sale order: for the order's
    customer, its chatter line names the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_gesture_max_amount = 20

    def _gesture_note(self, review):
        notes = review.message_ids.filtered(
            lambda message: "Goodwill gesture offered" in (message.body or "")
        )
        self.assertEqual(len(notes), 1)
        return notes.body

    def test_the_review_is_the_orders(self):
        self.assertRecordValues(
            self.order_alert,
            [
                {
                    "sale_order_id": self.order.id,
                    "partner_id": self.order.partner_id.id,
                    "place_id": self.place_a.id,
                    "is_alert": True,
                }
            ],
        )

    def test_card_for_the_orders_customer(self):
        _action, card = self._offer(self.user_a, self.order_alert, self.coupon_10)
        self.assertEqual(card.partner_id, self.order.partner_id)
        self.assertEqual(card.review_id, self.order_alert)
        self.assertEqual(self.order_alert.gesture_card_ids, card)
        self.assertFalse(self._program_mails(), "no email of the program")

    def test_chatter_names_the_order(self):
        """Place staff without sales rights offer it: the line names the
        order all the same, which they cannot open."""
        with self.assertRaises(AccessError):
            self.order.with_user(self.user_a).check_access("read")
        _action, card = self._offer(self.user_a, self.order_alert, self.coupon_10)
        note = self._gesture_note(self.order_alert)
        self.assertIn(card.code, note)
        self.assertIn(f"Rated order: {self.order.name}", note)
        self.assertIn("Value:", note, "the loyalty bridge's lines are kept")

    def test_review_without_order(self):
        self.assertFalse(self.alert_a.sale_order_id)
        self._offer(self.user_a, self.alert_a, self.coupon_10)
        self.assertNotIn("Rated order", self._gesture_note(self.alert_a))
