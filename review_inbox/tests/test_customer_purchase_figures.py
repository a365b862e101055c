from datetime import datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.review_inbox.tools.purchase_figures import merge_purchase_figures

from .common import ReviewInboxCase

FIGURES = [
    "customer_purchase_amount_12m",
    "customer_purchase_amount_total",
    "customer_order_count",
    "customer_last_order_date",
]
MAY = datetime(2025, 5, 4, 10, 0)
JUNE = datetime(2025, 6, 1, 9, 0)


@tagged("post_install", "-at_install")
class TestCustomerPurchaseFigures(ReviewInboxCase):
    """The customer panel's purchase figures come from the bridges, through
    ``_customer_purchase_figures``; the core has none."""

    def _patched(self, figures):
        """The hook answering ``figures``; its calls are recorded."""
        calls = []

        def hook(model, partners, company):
            calls.append((partners, company))
            return figures

        Review = type(self.env["review.message"])
        return patch.object(Review, "_customer_purchase_figures", hook), calls

    def test_no_bridge_no_figures(self):
        [values] = self.review_a.with_user(self.user_a).read(FIGURES)
        self.assertEqual([values[name] for name in FIGURES], [0.0, 0.0, 0, False])
        self.assertEqual(
            self.env["review.message"]._customer_purchase_figures(
                self.customer, self.company
            ),
            {},
        )

    def test_figures_of_the_commercial_partner(self):
        acme = self.env["res.partner"].create(
            {
                "name": "Acme",
                "is_company": True,
                "child_ids": [Command.create({"name": "Anna Acme"})],
            }
        )
        self.review_b.partner_id = acme.child_ids
        figures = {
            acme.id: {
                "amount_12m": 12.5,
                "amount_total": 40.0,
                "order_count": 3,
                "last_order_date": MAY,
            }
        }
        hook, calls = self._patched(figures)
        reviews = (self.review_a | self.alert_a | self.review_b).with_user(self.manager)
        with hook:
            values = reviews.read(FIGURES)
        self.assertEqual(len(calls), 1, "one call for all the reviews of a company")
        partners, company = calls[0]
        self.assertEqual(partners, self.customer | acme, "commercial partners")
        self.assertEqual(company, self.company)
        self.assertEqual(
            [[v[name] for name in FIGURES] for v in values],
            [[0.0, 0.0, 0, False], [0.0, 0.0, 0, False], [12.5, 40.0, 3, MAY]],
        )

    def test_one_call_per_company(self):
        self.review_y.sudo().partner_id = self.customer
        hook, calls = self._patched({})
        with hook:
            (self.review_a | self.review_y).sudo().read(FIGURES)
        self.assertEqual(
            {company for _partners, company in calls}, {self.company, self.company_y}
        )
        self.assertEqual(len(calls), 2)

    def test_readers_of_the_review_only(self):
        self.review_b.partner_id = self.env["res.partner"].create({"name": "Bea"})
        hook, calls = self._patched({})
        with hook, self.assertRaises(AccessError):
            self.review_a.with_user(self.user_b).read(FIGURES)
        self.assertFalse(calls)
        # read along with a review of another place (prefetched together)
        reviews = (self.review_a | self.review_b).with_user(self.user_b)
        with hook:
            self.assertEqual(reviews[1].customer_order_count, 0)
        self.assertEqual(
            [partners for partners, _company in calls],
            [self.review_b.partner_id],
            "the hook never sees another place's customers",
        )

    def test_merge(self):
        def figures(amount_12m, amount_total, order_count, last_order_date):
            return {
                "amount_12m": amount_12m,
                "amount_total": amount_total,
                "order_count": order_count,
                "last_order_date": last_order_date,
            }

        first = {1: figures(10.0, 30.0, 2, MAY), 2: figures(0.0, 5.0, 1, False)}
        second = {1: figures(1.5, 1.5, 1, JUNE), 3: figures(7.0, 7.0, 1, MAY)}
        self.assertEqual(
            merge_purchase_figures(first, second, {}),
            {
                1: figures(11.5, 31.5, 3, JUNE),
                2: figures(0.0, 5.0, 1, False),
                3: figures(7.0, 7.0, 1, MAY),
            },
        )
        merged = merge_purchase_figures(second, first)
        self.assertEqual(merged[1]["last_order_date"], JUNE)
        self.assertEqual(first[1]["amount_12m"], 10.0, "the inputs stay as they were")

    def test_shown_in_the_customer_panel(self):
        arch = self.env["review.message"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        for name in FIGURES:
            self.assertIn(f'name="{name}"', arch)
        self.assertIn('invisible="not customer_order_count"', arch)


@tagged("post_install", "-at_install")
class TestReviewValuesHook(ReviewInboxCase):
    """The review a rating stores takes its values from ``_review_values``,
    which the bridges extend with their document."""

    def test_bridge_values_stored(self):
        self.company.review_request_cooldown_days = 0
        document = self.env["res.partner"].create({"name": "Order S00042"})
        request = self.env["review.request"]._create_requests(
            [self.customer.id], self.place_a, document
        )
        request._send_request_mail()
        Request = type(request)
        original = Request._review_values

        def review_values(self, rating, comment):
            return dict(original(self, rating, comment), review_type="complaint")

        with patch.object(Request, "_review_values", review_values):
            review = request._submit_rating(2, "Late")
        self.assertEqual(review.review_type, "complaint")
        self.assertEqual(review.request_id, request)
