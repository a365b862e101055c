from odoo.tests import tagged

from .common import GestureCase

# The model of an order whose module is not installed (any more): loyalty's
# history keeps its name as text.
GONE_ORDER_MODEL = "x_gone.order"


@tagged("post_install", "-at_install")
class TestRedemption(GestureCase):
    """A gesture used on an order shows on its review, from loyalty's own
    history, which each order's module (sale_loyalty, pos_loyalty) writes
    alike: written here as they do. Through a real sale order:
    review_inbox_sale_loyalty."""

    def _history(self, card, **values):
        return self.env["loyalty.history"].create(
            dict(
                {
                    "card_id": card.id,
                    "description": "Order",
                    "order_model": GONE_ORDER_MODEL,
                    "order_id": 42,
                },
                **values,
            )
        )

    def test_first_use_on_an_order(self):
        _action, card = self._offer(self.manager, self.alert_a, self.coupon_10)
        self.assertFalse(card.review_redeemed_date, "issued, not used")
        self._history(card, used=0, issued=1)
        self._history(card, used=1, order_model=False, order_id=False)
        self.assertFalse(card.review_redeemed_date, "no use on an order yet")
        first = self._history(card, used=1)
        self._history(card, used=1, order_id=43)
        self.assertEqual(card.review_redeemed_date, first.create_date)
        self.assertFalse(
            card.review_redeemed_order,
            "an order of a module not installed is not named",
        )
        summary = str(self.alert_a.with_user(self.user_a).gesture_summary)
        self.assertIn("Used", summary)
        self.assertNotIn("Not used yet", summary)

    def test_use_undone(self):
        """The order's module deletes its history line when the order is
        cancelled: the gesture is not used any more."""
        _action, card = self._offer(self.manager, self.alert_a, self.coupon_10)
        use = self._history(card, used=1)
        self.assertTrue(card.review_redeemed_date)
        use.unlink()
        self.assertFalse(card.review_redeemed_date)
        self.assertIn(
            "Not used yet", str(self.alert_a.with_user(self.user_a).gesture_summary)
        )

    def test_other_cards_are_not_gestures(self):
        """A card not offered from a review has no redemption of ours."""
        card = self.env["loyalty.card"].create(
            {"program_id": self.coupon_10.id, "partner_id": self.customer.id}
        )
        self._history(card, used=1)
        self.assertFalse(card.review_redeemed_date)
