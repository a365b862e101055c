from odoo.tests import tagged

from .common import ReviewPosCase


@tagged("post_install", "-at_install")
class TestPosPurchaseFigures(ReviewPosCase):
    """The customer panel's purchases count the orders paid at the tills."""

    def test_paid_pos_orders_in_the_customer_panel(self):
        customer = self.env["res.partner"].create(
            {"name": "Walk-in Wendy", "email": "wendy@customer.test"}
        )
        orders = self.sync(self.order_data(customer), self.order_data(customer))
        self.sync(self.order_data(self.env["res.partner"].create({"name": "Other"})))
        self.assertEqual(set(orders.mapped("state")), {"paid"})
        review = (
            self.env["review.message"]
            .sudo()
            .create(
                {
                    "place_id": self.place_a.id,
                    "partner_id": customer.id,
                    "body": "Quick checkout.",
                    "rating": 5,
                }
            )
        )
        staff_review = review.with_user(self.user_a)
        self.assertEqual(staff_review.customer_order_count, 2)
        self.assertAlmostEqual(
            staff_review.customer_purchase_amount_total,
            sum(orders.mapped("amount_total")),
        )
        self.assertAlmostEqual(
            staff_review.customer_purchase_amount_12m,
            sum(orders.mapped("amount_total")),
        )
        self.assertEqual(
            staff_review.customer_last_order_date, max(orders.mapped("date_order"))
        )
