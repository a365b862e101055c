from odoo.addons.review_inbox_loyalty.tests.common import GestureCase
from odoo.addons.review_inbox_sale.tests.common import ReviewSaleCase
from odoo.addons.review_inbox_sale.tests.test_sale_rating import SentOrderMixin


class SaleGestureCase(SentOrderMixin, GestureCase, ReviewSaleCase):
    """The gesture programs of the loyalty bridge and the sales teams of the
    sale bridge; an order of Place A's team rated 1 by Carla through its
    request: an alert tied to the order.

    Both parents name a fixture ``gift_card``: here it is the loyalty
    bridge's gift card program (the sale bridge's product is not used)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.order, request, _token = cls._sent_order_request(
                lines=[(cls.service, 2, 65.0)]
            )
            cls.order_alert = request._submit_rating(
                1, "The cooking workshop started an hour late"
            )

    def _order_with_code(self, code, partner=None):
        """A quotation of Place A's team, ``code`` applied with its reward,
        as sale_loyalty's coupon and reward wizards do."""
        order = self._order(partner, lines=[(self.service, 1, 65.0)])
        status = order._try_apply_code(code)
        self.assertNotIn("error", status)
        (coupon, rewards), *_others = status.items()
        result = order._apply_program_reward(rewards, coupon)
        self.assertNotIn("error", result)
        return order

    def _program_mails(self):
        """Emails of loyalty's own communication plans (the program's email
        to the card's customer)."""
        return self.env["mail.mail"].sudo().search([("model", "=", "loyalty.card")])
