from odoo.tests import tagged

from .common import SaleGestureCase


@tagged("post_install", "-at_install")
class TestSaleRedemption(SaleGestureCase):
    """A gesture offered on the review of an order, used on a later sale
    order: the review shows when and on which order (from the loyalty
    history that sale_loyalty writes at confirmation)."""

    def test_redemption_through_a_sale_order(self):
        _action, card = self._offer(self.manager, self.order_alert, self.coupon_10)
        self.assertFalse(card.review_redeemed_date)
        later = self._order_with_code(card.code)
        self.assertNotEqual(later, self.order)
        self.assertEqual(later.amount_total, 55.0, "10 off")
        self.assertFalse(card.review_redeemed_date, "a quotation uses nothing yet")
        later.action_confirm()
        self.assertTrue(card.review_redeemed_date)
        self.assertEqual(card.review_redeemed_order, later.display_name)
        summary = str(self.order_alert.with_user(self.user_a).gesture_summary)
        self.assertIn("Used", summary)
        self.assertIn(later.name, summary)
        self.assertNotIn("Not used yet", summary)
        # a report counts the gestures redeemed per place from the cards
        counts = self.env["loyalty.card"]._read_group(
            [
                ("review_place_id", "in", (self.place_a | self.place_b).ids),
                ("review_redeemed_date", "!=", False),
            ],
            ["review_place_id"],
            ["__count"],
        )
        self.assertEqual(counts, [(self.place_a, 1)])

        later._action_cancel()
        self.assertFalse(card.review_redeemed_date, "cancelled: not used any more")
        self.assertFalse(card.review_redeemed_order)
        self.assertIn(
            "Not used yet",
            str(self.order_alert.with_user(self.user_a).gesture_summary),
        )

    def test_other_cards_are_not_gestures(self):
        """A card not offered from a review has no redemption of ours."""
        card = self.env["loyalty.card"].create(
            {
                "program_id": self.coupon_10.id,
                "partner_id": self.customer.id,
                "points": 1,
            }
        )
        self._order_with_code(card.code).action_confirm()
        self.assertTrue(card.history_ids.filtered("used"))
        self.assertFalse(card.review_redeemed_date)
