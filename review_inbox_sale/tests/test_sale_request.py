from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.review_inbox.tests.common import recorded_request_batches

from .common import ReviewSaleCase

NOW = datetime(2025, 5, 4, 10, 0, 0)


@tagged("post_install", "-at_install")
class TestSaleRequest(ReviewSaleCase):
    """A confirmed order brings one rating request, by the rules of who is
    asked."""

    def test_confirm_schedules_one_request(self):
        order = self._order()
        self.assertFalse(self._requests(order), "a quotation is not rated")
        with freeze_time(NOW):
            order.action_confirm()
        request = self._requests(order)
        self.assertRecordValues(
            request,
            [
                {
                    "partner_id": self.customer.id,
                    "place_id": self.place_a.id,
                    "company_id": self.company.id,
                    "res_model": "sale.order",
                    "res_id": order.id,
                    "document_name": order.name,
                    "document_date": NOW,
                    "channel": "email",
                    "state": "scheduled",
                    "scheduled_date": NOW + timedelta(hours=24),
                }
            ],
        )
        self.assertEqual(request._get_rated_document_label(), f"Order {order.name}")

    def test_delay_setting(self):
        self.company.review_request_sale_delay_hours = 2
        order = self._order()
        with freeze_time(NOW):
            order.action_confirm()
        self.assertEqual(self._requests(order).scheduled_date, NOW + timedelta(hours=2))
        self.company.review_request_sale_delay_hours = 0
        order = self._order(self.bob)
        with freeze_time(NOW):
            order.action_confirm()
        self.assertEqual(self._requests(order).scheduled_date, NOW)
        for hours in (-1, 8761):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                self.company.review_request_sale_delay_hours = hours

    def test_place_of_the_team_else_the_default_place(self):
        self.company.review_default_place_id = self.place_b
        orders = self._order(team=self.team_a) | self._order(
            self.bob, team=self.team_none
        )
        orders.action_confirm()
        requests = self._requests(orders)
        self.assertEqual(
            {(r.res_id, r.place_id) for r in requests},
            {(orders[0].id, self.place_a), (orders[1].id, self.place_b)},
        )

    def test_no_place_no_request(self):
        order = self._order(team=self.team_none)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._requests(order))

    def test_archived_place_not_used(self):
        self.company.review_default_place_id = self.place_b
        self.place_a.active = False
        order = self._order()
        order.action_confirm()
        self.assertEqual(self._requests(order).place_id, self.place_b)

    def test_shared_team_default_place_of_each_company(self):
        """A team of every company has no place: each order goes to its own
        company's default place."""
        shared = self.env["crm.team"].create({"name": "Shared", "company_id": False})
        self.company.review_default_place_id = self.place_b
        self.company_y.review_default_place_id = self.place_y
        order = self._order(team=shared, company=self.company)
        order_y = self._order(self.bob, team=shared, company=self.company_y)
        (order | order_y).action_confirm()
        self.assertEqual(self._requests(order).place_id, self.place_b)
        request_y = self._requests(order_y)
        self.assertEqual(request_y.place_id, self.place_y)
        self.assertEqual(request_y.company_id, self.company_y)

    def test_team_place_of_its_company(self):
        with self.assertRaises(UserError):
            self.team_y.review_place_id = self.place_a
        shared = self.env["crm.team"].create({"name": "Shared", "company_id": False})
        with self.assertRaises(UserError):
            shared.review_place_id = self.place_a
        self.assertEqual(self.place_a.sale_team_ids, self.team_a)

    def test_team_and_place_forms(self):
        """A review manager with sales rights picks the team's place on the
        team's form; the place's form lists its teams."""
        user = new_test_user(
            self.env,
            login="review_sales_manager",
            groups="sales_team.group_sale_manager,"
            "review_inbox.group_review_inbox_manager",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        team = self.team_none.with_user(user)
        with Form(team, view="sales_team.crm_team_view_form") as form:
            form.review_place_id = self.place_b
        self.assertEqual(self.team_none.review_place_id, self.place_b)
        place_form = Form(
            self.place_b.with_user(user), view="review_inbox.review_place_view_form"
        )
        self.assertEqual(len(place_form.sale_team_ids), 2)
        self.assertEqual(self.place_b.sale_team_ids, self.team_b | self.team_none)

    def test_batch_one_call_per_place(self):
        orders = (
            self._order()
            | self._order(self.bob)
            | self._order(self.dora)
            | self._order(self.customer, team=self.team_b)
            | self._order(self.bob, team=self.team_b)
        )
        with recorded_request_batches(self.env) as create_requests:
            orders.action_confirm()
        self.assertEqual(create_requests.call_count, 2, "one call per place")
        self.assertEqual(len(self._requests(orders)), 5)
        calls = {call.args[2]: call.args[3] for call in create_requests.call_args_list}
        self.assertEqual(calls, {self.place_a: orders[:3], self.place_b: orders[3:]})

    def test_salesman_without_review_rights_confirms(self):
        self.assertFalse(
            self.salesman.has_group("review_inbox.group_review_inbox_user")
        )
        order = self._order()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self._requests(order).place_id, self.place_a)

    def test_one_request_per_order(self):
        order = self._order()
        order.action_confirm()
        request = self._requests(order)
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self._requests(order), request, "asked once")
        self.assertEqual(request.state, "scheduled")

    def test_every_customer_is_asked(self):
        """No review gating: a customer who rated a place 1 star is asked as
        the others."""
        self.env["review.message"].create(
            {"place_id": self.place_a.id, "partner_id": self.bob.id, "rating": 1}
        )
        orders = self._order(self.bob) | self._order(self.dora)
        orders.action_confirm()
        self.assertEqual(self._requests(orders).partner_id, self.bob | self.dora)

    def test_customer_without_email_not_asked(self):
        no_email = self.env["res.partner"].create({"name": "No Mail"})
        order = self._order(no_email)
        order.action_confirm()
        self.assertFalse(self._requests(order))

    def test_opted_out_customer_not_asked(self):
        self.bob.review_request_opt_out = True
        orders = self._order(self.bob) | self._order(self.dora)
        orders.action_confirm()
        self.assertEqual(self._requests(orders).partner_id, self.dora)

    def test_cooldown(self):
        self.company.review_request_cooldown_days = 30
        with freeze_time(NOW):
            first = self._order(self.bob)
            first.action_confirm()
        with freeze_time(NOW + timedelta(days=10)):
            second = self._order(self.bob)
            second.action_confirm()
        with freeze_time(NOW + timedelta(days=40)):
            third = self._order(self.bob)
            third.action_confirm()
        self.assertTrue(self._requests(first))
        self.assertFalse(self._requests(second), "asked 10 days ago")
        self.assertTrue(self._requests(third))
