from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users

from .common import ReviewSaleCase
from .test_sale_rating import SentOrderMixin

# What the review form reads of the rated order (its view's specification).
SUMMARY_SPEC = {
    "sale_order_id": {"fields": {"display_name": {}}},
    "sale_order_name": {},
    "sale_order_date": {},
    "sale_order_amount": {},
    "sale_order_currency_id": {"fields": {"display_name": {}}},
    "sale_order_lines": {},
    "sale_order_can_open": {},
}


@tagged("post_install", "-at_install")
class TestSaleAccess(SentOrderMixin, ReviewSaleCase):
    """Place staff see their places' requests, and the order of their
    reviews without sales rights; other places and companies never."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a, cls.request_a, _token = cls._sent_order_request(
            lines=[(cls.service, 2, 65.0)]
        )
        cls.review_order_a = cls.request_a._submit_rating(2, "Late")
        cls.order_b = cls._order(cls.bob, team=cls.team_b)
        cls.order_b.action_confirm()
        cls.company_y.review_default_place_id = cls.place_y
        cls.order_y = cls._order(cls.dora, team=cls.team_y)
        cls.order_y.action_confirm()
        cls.requests = cls._requests(cls.order_a | cls.order_b | cls.order_y)
        cls.sales_staff_a = new_test_user(
            cls.env,
            login="sales_staff_a",
            groups="review_inbox.group_review_inbox_user,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.place_a.user_ids |= cls.sales_staff_a

    def test_requests_of_their_places_only(self):
        self.assertEqual(len(self.requests), 3)
        Request = self.env["review.request"]
        self.assertEqual(
            Request.with_user(self.user_a).search([("id", "in", self.requests.ids)]),
            self.request_a,
        )
        self.assertEqual(
            Request.with_user(self.user_b)
            .search([("id", "in", self.requests.ids)])
            .res_id,
            self.order_b.id,
        )
        self.assertEqual(
            Request.with_user(self.manager_y)
            .search([("id", "in", self.requests.ids)])
            .company_id,
            self.company_y,
        )
        self.assertEqual(
            len(
                Request.with_user(self.manager).search(
                    [("id", "in", self.requests.ids)]
                )
            ),
            2,
            "every place of the manager's company, not the other company",
        )
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.user_b).read(["document_name"])
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.salesman).read(["document_name"])

    @users("place_a_user")
    def test_staff_without_sales_rights_read_the_order(self):
        self.assertFalse(self.env.user.has_group("sales_team.group_sale_salesman"))
        review = self.review_order_a.with_env(self.env)
        with self.assertRaises(AccessError):
            self.order_a.with_env(self.env).read(["name"])
        [values] = review.web_read(SUMMARY_SPEC)
        self.assertEqual(
            values["sale_order_id"],
            {"id": self.order_a.id, "display_name": self.order_a.name},
        )
        self.assertEqual(values["sale_order_name"], self.order_a.name)
        self.assertEqual(values["sale_order_amount"], 130.0)
        self.assertEqual(values["sale_order_lines"], "Cooking workshop × 2")
        self.assertTrue(values["sale_order_date"])
        self.assertFalse(values["sale_order_can_open"], "no sales rights")

    def test_staff_with_sales_rights_open_the_order(self):
        review = self.review_order_a.with_user(self.sales_staff_a)
        self.assertTrue(review.sale_order_can_open)
        self.assertEqual(
            review.sale_order_id.with_user(self.sales_staff_a).name, self.order_a.name
        )

    def test_other_place_and_company_never(self):
        for user in (self.user_b, self.manager_y):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.review_order_a.with_user(user).web_read(SUMMARY_SPEC)

    def test_no_order_no_summary(self):
        values = self.review_a.with_user(self.user_a).read(
            ["sale_order_name", "sale_order_lines", "sale_order_amount"]
        )[0]
        self.assertEqual(
            (values["sale_order_name"], values["sale_order_lines"]), (False, False)
        )
        self.assertEqual(values["sale_order_amount"], 0.0)

    def test_summary_in_short(self):
        order = self._order(
            self.bob,
            lines=[(self.service, 1.5, 10.0)] + [(self.gift_card, 1, 50.0)] * 6,
        )
        lines = order._review_summary_lines().split("\n")
        self.assertEqual(lines[0], f"Cooking workshop × {1.5:.2f}")
        self.assertEqual(lines[1:5], ["Gift card × 1"] * 4)
        self.assertEqual(lines[5], "and 2 more")
