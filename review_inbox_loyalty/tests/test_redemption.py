from odoo import Command
from odoo.tests import tagged

from .common import GestureCase


@tagged("post_install", "-at_install")
class TestRedemption(GestureCase):
    """A gesture used on an order shows on its review: when, on which order.
    Read from loyalty's own history, which sale_loyalty and pos_loyalty
    write alike; tested through a sale order (sale_loyalty)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Dinner for two", "list_price": 50.0, "taxes_id": False}
        )

    def setUp(self):
        super().setUp()
        if (
            "sale.order" not in self.env
            or "coupon_point_ids" not in self.env["sale.order"]._fields
        ):
            self.skipTest("sale_loyalty is not installed")

    def _order_with_code(self, code):
        order = (
            self.env["sale.order"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
            )
        )
        status = order._try_apply_code(code)
        self.assertNotIn("error", status)
        (coupon, rewards), *_others = status.items()
        result = order._apply_program_reward(rewards, coupon)
        self.assertNotIn("error", result)
        return order

    def test_redemption_through_a_sale_order(self):
        _action, card = self._offer(self.manager, self.alert_a, self.coupon_10)
        self.assertFalse(card.review_redeemed_date)
        order = self._order_with_code(card.code)
        self.assertEqual(order.amount_total, 40.0, "10 off")
        self.assertFalse(card.review_redeemed_date, "a quotation uses nothing yet")
        order.action_confirm()
        self.assertTrue(card.review_redeemed_date)
        self.assertEqual(card.review_redeemed_order, order.display_name)
        summary = str(self.alert_a.with_user(self.user_a).gesture_summary)
        self.assertIn("Used", summary)
        self.assertIn(order.name, summary)
        self.assertNotIn("Not used yet", summary)
        # a report counts the gestures redeemed per place from the cards
        counts = self.env["loyalty.card"]._read_group(
            [("review_id", "!=", False), ("review_redeemed_date", "!=", False)],
            ["review_place_id"],
            ["__count"],
        )
        self.assertEqual(counts, [(self.place_a, 1)])

        order._action_cancel()
        self.assertFalse(card.review_redeemed_date, "cancelled: not used any more")
        self.assertFalse(card.review_redeemed_order)
        self.assertIn(
            "Not used yet", str(self.alert_a.with_user(self.user_a).gesture_summary)
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
