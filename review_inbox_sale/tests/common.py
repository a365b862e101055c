from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.review_inbox.tests.common import ReviewInboxCase


class ReviewSaleCase(ReviewInboxCase):
    """Review Inbox's companies and places, with a sales team for each of
    Place A and Place B, a salesman without Review Inbox rights and
    customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls._create_sale_fixtures()

    @classmethod
    def _create_sale_fixtures(cls):
        cls.Request = cls.env["review.request"]
        cls.company.review_request_cooldown_days = 0
        Team = cls.env["crm.team"]
        cls.team_a = Team.create(
            {
                "name": "Desk A",
                "company_id": cls.company.id,
                "review_place_id": cls.place_a.id,
            }
        )
        cls.team_b = Team.create(
            {
                "name": "Desk B",
                "company_id": cls.company.id,
                "review_place_id": cls.place_b.id,
            }
        )
        cls.team_none = Team.create({"name": "No place", "company_id": cls.company.id})
        cls.team_y = Team.create({"name": "Desk Y", "company_id": cls.company_y.id})
        cls.salesman = new_test_user(
            cls.env,
            login="review_salesman",
            name="Sam Salesman",
            email="sam@corp.test",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
            company_ids=(cls.company | cls.company_y).ids,
        )
        Product = cls.env["product.product"]
        cls.service = Product.create(
            {
                "name": "Cooking workshop",
                "type": "service",
                "list_price": 65.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.gift_card = Product.create(
            {
                "name": "Gift card",
                "type": "service",
                "list_price": 50.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.bob, cls.dora = cls.env["res.partner"].create(
            [
                {"name": "Bob Buyer", "email": "bob@customer.test"},
                {"name": "Dora Buyer", "email": "dora@customer.test"},
            ]
        )

    @classmethod
    def _order(cls, partner=None, team=None, lines=None, company=None, **values):
        """A quotation of ``lines`` ((product, quantity, price)...), one
        workshop by default."""
        team = cls.team_a if team is None else team
        company = company or team.company_id or cls.company
        lines = lines or [(cls.service, 1, 65.0)]
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "team_id": team.id,
                "company_id": company.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                    for product, qty, price in lines
                ],
                **values,
            }
        )

    @classmethod
    def _requests(cls, orders):
        return cls.Request.sudo().search(
            [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        )
