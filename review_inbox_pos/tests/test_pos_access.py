from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReviewPosCase


@tagged("post_install", "-at_install")
class TestPosRequestsAccess(ReviewPosCase):
    """The requests and reviews of POS orders follow their place: its staff
    see them, other places' staff do not, other companies never."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config.review_receipt_qr = True

    def setUp(self):
        super().setUp()
        self.order_a = self.sync(self.order_data(self.buyer))
        self.config.review_place_id = False  # the company's default: B
        self.order_b = self.sync(self.order_data(token=self.new_token()))
        self.request_a = self.requests_of(self.order_a)
        self.request_b = self.requests_of(self.order_b)
        # another company's request
        document = self.env["res.partner"].create({"name": "Order Y"})
        self.request_y = self.env["review.request"]._create_requests(
            [self.buyer.id], self.place_y, document
        )
        self.all_requests = self.request_a | self.request_b | self.request_y

    def _visible(self, user):
        return self.env["review.request"].with_user(user).search([]) & self.all_requests

    def test_staff_see_their_places_requests_only(self):
        self.assertEqual(self.request_a.place_id, self.place_a)
        self.assertEqual(self.request_b.place_id, self.place_b)
        self.assertEqual(self._visible(self.user_a), self.request_a)
        self.assertEqual(self._visible(self.user_b), self.request_b)
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.user_a).read(["state"])

    def test_companies_never_see_each_other(self):
        self.assertEqual(self._visible(self.manager), self.request_a | self.request_b)
        self.assertEqual(self._visible(self.manager_y), self.request_y)
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.manager_y).read(["state"])

    def test_staff_read_the_review_of_an_order(self):
        """Staff without point of sale rights see which order was rated."""
        review = self.request_b.sudo()._submit_rating(4, "Nice")
        self.assertFalse(self.user_b.has_group("point_of_sale.group_pos_user"))
        values = review.with_user(self.user_b).web_read(
            {"pos_order_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(
            values[0]["pos_order_id"],
            {"id": self.order_b.id, "display_name": self.order_b.display_name},
        )
        with self.assertRaises(AccessError):
            review.with_user(self.user_a).read(["pos_order_id"])
        with self.assertRaises(AccessError):
            review.with_user(self.manager_y).read(["pos_order_id"])

    def test_pos_order_of_a_review_protected(self):
        self.request_a.sudo()._send_request_mail()
        review = self.request_a.sudo()._submit_rating(5, "")
        self.assertEqual(review.pos_order_id, self.order_a)
        for user in (self.user_a, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                review.with_user(user).write({"pos_order_id": self.order_b.id})
        self.assertEqual(review.pos_order_id, self.order_a)


@tagged("post_install", "-at_install")
class TestPosOrderRefundLink(ReviewPosCase):
    """On a review of a POS order, the point of sale's staff open the order,
    where its refund is made; the others see its name only."""

    def setUp(self):
        super().setUp()
        self.order = self.sync(self.order_data(self.buyer))
        request = self.requests_of(self.order).sudo()
        request._send_request_mail()
        self.review = request._submit_rating(1, "Broken")

    def _form_arch(self, user):
        views = self.env["review.message"].with_user(user).get_views([(False, "form")])
        return views["views"]["form"]["arch"]

    def test_staff_without_pos_rights_see_the_name_only(self):
        self.assertFalse(self.user_a.has_group("point_of_sale.group_pos_user"))
        review = self.review.with_user(self.user_a)
        self.assertEqual(review.pos_order_id.display_name, self.order.display_name)
        arch = self._form_arch(self.user_a)
        self.assertIn('name="pos_order_id"', arch)
        self.assertNotIn("action_open_pos_order", arch)
        with self.assertRaisesRegex(UserError, "not allowed to open the point"):
            review.action_open_pos_order()

    def test_pos_staff_open_the_order_where_it_is_refunded(self):
        self.user_a.sudo().groups_id = [
            Command.link(self.env.ref("point_of_sale.group_pos_user").id)
        ]
        self.assertIn("action_open_pos_order", self._form_arch(self.user_a))
        action = self.review.with_user(self.user_a).action_open_pos_order()
        self.assertEqual(
            (action["res_model"], action["res_id"], action["views"]),
            ("pos.order", self.order.id, [(False, "form")]),
        )
        order_form = (
            self.env["pos.order"]
            .with_user(self.user_a)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="refund"', order_form, "Odoo's own Refund button")
        self.assertEqual(
            self.env["pos.order"].with_user(self.user_a).browse(self.order.id).name,
            self.order.name,
        )
        # never another place's review, nor a review without an order
        with self.assertRaises(AccessError):
            self.review.with_user(self.user_b).action_open_pos_order()
        other = (
            self.env["review.message"]
            .sudo()
            .create({"place_id": self.place_a.id, "body": "No order", "rating": 4})
        )
        with self.assertRaisesRegex(UserError, "rates no point of sale order"):
            other.with_user(self.user_a).action_open_pos_order()
