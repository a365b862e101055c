from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged, users, warmup

from .common import ReviewSaleCase

FIGURES = [
    "customer_purchase_amount_12m",
    "customer_purchase_amount_total",
    "customer_order_count",
    "customer_last_order_date",
]
# Queries of reading the figures of reviews as place staff, as many for 1
# review as for 20: the reviews and the access check (2), their customers'
# commercial partners and contacts (2), the orders' grouped query (1), the
# company and its currency (2), the user (2, after invalidate_all).
FIGURES_QUERIES = 9
# Another installed bridge that brings its orders adds its own grouped query.
OTHER_BRIDGES = {"pos_order_id": 1}  # review_inbox_pos


@tagged("post_install", "-at_install")
class TestPurchaseFigures(ReviewSaleCase):
    """The customer panel's purchases, counted by hand."""

    def _other_bridges_queries(self):
        fields_ = self.env["review.message"]._fields
        return sum(count for name, count in OTHER_BRIDGES.items() if name in fields_)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.long_ago = now - relativedelta(months=14)
        cls.acme = cls.env["res.partner"].create(
            {
                "name": "Acme",
                "is_company": True,
                "child_ids": [
                    Command.create({"name": "Anna Acme", "email": "anna@acme.test"}),
                    Command.create({"name": "Ben Acme", "email": "ben@acme.test"}),
                ],
            }
        )
        cls.anna, cls.ben = cls.acme.child_ids
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        currency = cls.company.currency_id
        if currency == cls.eur:
            cls.eur = cls.env.ref("base.USD")
            cls.eur.active = True
        Rate = cls.env["res.currency.rate"]
        today = fields.Date.today()
        Rate.create(
            [
                {
                    "name": today,
                    "rate": 2.0,
                    "currency_id": cls.eur.id,
                    "company_id": cls.company.id,
                },
                {
                    "name": today,
                    "rate": 1.0,
                    "currency_id": currency.id,
                    "company_id": cls.company.id,
                },
            ]
        )
        cls.pricelist_eur = cls.env["product.pricelist"].create(
            {
                "name": "Other currency",
                "currency_id": cls.eur.id,
                "company_id": cls.company.id,
            }
        )

        def confirmed(partner, price, date=None, **values):
            order = cls._order(partner, lines=[(cls.service, 1, price)], **values)
            order.action_confirm()
            if date:
                order.date_order = date
            return order

        # Carla, with the company: 65 + 50 (EUR 100) this year, 100 long ago
        cls.recent = confirmed(cls.customer, 65.0)
        cls.in_euros = confirmed(cls.customer, 100.0, pricelist_id=cls.pricelist_eur.id)
        confirmed(cls.customer, 100.0, cls.long_ago)
        # not purchases: a quotation, a cancelled order
        cls._order(cls.customer, lines=[(cls.service, 1, 500.0)])
        confirmed(cls.customer, 300.0)._action_cancel()
        # another company's order
        cls.company_y.review_default_place_id = cls.place_y
        confirmed(cls.customer, 1000.0, team=cls.team_y)
        # Acme: its contacts' orders and its own
        confirmed(cls.anna, 10.0)
        confirmed(cls.ben, 20.0, cls.long_ago)
        cls.acme_own = confirmed(cls.acme, 30.0)
        Review = cls.env["review.message"]
        cls.review_anna = Review.create(
            {"place_id": cls.place_a.id, "partner_id": cls.anna.id, "rating": 4}
        )
        cls.review_carla_y = Review.create(
            {"place_id": cls.place_y.id, "partner_id": cls.customer.id, "rating": 3}
        )

    def _figures(self, review):
        [values] = review.read(FIGURES)
        return values

    def test_figures_counted_by_hand(self):
        self.assertEqual(self.in_euros.currency_id, self.eur)
        figures = self._figures(self.review_a.with_user(self.user_a))
        last = max(self.recent.date_order, self.in_euros.date_order)
        self.assertEqual(
            figures,
            {
                "id": self.review_a.id,
                "customer_purchase_amount_12m": 115.0,
                "customer_purchase_amount_total": 215.0,
                "customer_order_count": 3,
                "customer_last_order_date": last,
            },
        )

    def test_commercial_partner(self):
        """A contact's review shows the purchases of the whole customer."""
        figures = self._figures(self.review_anna.with_user(self.user_a))
        self.assertEqual(figures["customer_purchase_amount_12m"], 40.0)
        self.assertEqual(figures["customer_purchase_amount_total"], 60.0)
        self.assertEqual(figures["customer_order_count"], 3)
        self.assertEqual(figures["customer_last_order_date"], self.acme_own.date_order)

    def test_each_company_its_own_figures(self):
        figures = self._figures(self.review_carla_y.with_user(self.manager_y))
        self.assertEqual(figures["customer_purchase_amount_total"], 1000.0)
        self.assertEqual(figures["customer_order_count"], 1)
        both = (self.review_a | self.review_carla_y).sudo()
        self.assertEqual(both.mapped("customer_order_count"), [3, 1])

    def test_no_order(self):
        figures = self._figures(self.review_b.with_user(self.user_b))
        self.assertEqual(
            list(figures.values())[1:], [0.0, 0.0, 0, False], "no customer"
        )
        self.review_b.sudo().partner_id = self.dora
        figures = self._figures(self.review_b.with_user(self.user_b))
        self.assertEqual(figures["customer_order_count"], 0)

    def test_figures_on_the_form(self):
        arch = self.env["review.message"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        for name in FIGURES:
            self.assertIn(f'name="{name}"', arch)

    @users("place_a_user")
    @warmup
    def test_figures_queries(self):
        """Reading the figures of 20 reviews costs as much as of 1."""
        customers = (
            self.env["res.partner"]
            .sudo()
            .create(
                [
                    {"name": f"Customer {n}", "email": f"c{n}@customer.test"}
                    for n in range(20)
                ]
            )
        )
        for customer in customers:
            order = self._order(customer)
            order.action_confirm()
        reviews = (
            self.env["review.message"]
            .sudo()
            .create(
                [
                    {"place_id": self.place_a.id, "partner_id": customer.id}
                    for customer in customers
                ]
            )
            .with_env(self.env)
        )
        # what the creations left for the commit (bus notifications): not
        # the figures' queries
        self.env.flush_all()
        self.env.cr.precommit.run()
        counts = []
        for batch in (reviews[:1], reviews):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            with self.assertQueryCount(FIGURES_QUERIES + self._other_bridges_queries()):
                values = batch.read(FIGURES)
            counts.append(self.cr.sql_log_count - start)
        if self.warm:  # the first run of @warmup fills the registry's caches
            self.assertEqual(counts[0], counts[1], "as many queries for 1 as for 20")
        self.assertEqual([v["customer_order_count"] for v in values], [1] * 20)
        self.assertEqual({v["customer_purchase_amount_total"] for v in values}, {65.0})


@tagged("post_install", "-at_install")
class TestPurchaseFiguresDates(ReviewSaleCase):
    def test_twelve_months_from_today(self):
        order = self._order(self.bob, lines=[(self.service, 1, 40.0)])
        order.action_confirm()
        review = self.env["review.message"].create(
            {"place_id": self.place_a.id, "partner_id": self.bob.id}
        )
        now = fields.Datetime.now()
        for date, expected in (
            (now - relativedelta(months=12, days=-1), 40.0),
            (now - relativedelta(months=12, days=1), 0.0),
        ):
            with self.subTest(date=date):
                order.date_order = date
                review.invalidate_recordset(FIGURES)
                self.assertEqual(review.customer_purchase_amount_12m, expected)
                self.assertEqual(review.customer_purchase_amount_total, 40.0)
        self.assertIsInstance(review.customer_last_order_date, datetime)
