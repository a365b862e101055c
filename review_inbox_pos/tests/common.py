import copy
import secrets

from odoo import Command, models
from odoo.tests import new_test_user

from odoo.addons.point_of_sale.tests.common import TestPoSCommon
from odoo.addons.review_inbox.tests.common import QUIET_CONTEXT


class ReviewPosCase(TestPoSCommon):
    """point_of_sale's accounting set-up and open session, with the review
    side: places A (its point of sale's) and B (the company's default), their
    staff, a manager, and another company with its place and manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # point_of_sale's user (an administrator of the accounting and the
        # point of sale, without review rights) runs the tests, as a cashier
        # would the syncs; the review side is set up as superuser, quietly
        plain = cls.env
        cls.env = plain(su=True, context=dict(plain.context, **QUIET_CONTEXT))
        try:
            cls._create_review_pos_fixtures()
        finally:
            cls.env = plain
            for name, value in list(vars(cls).items()):
                if isinstance(value, models.BaseModel):
                    setattr(cls, name, value.with_env(plain))

    @classmethod
    def _create_review_pos_fixtures(cls):
        cls.config = cls.basic_config
        cls.company_y = cls.env["res.company"].create({"name": "Other Corp"})
        common = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        cls.user_a, cls.user_b = (
            new_test_user(
                cls.env,
                login=login,
                groups="review_inbox.group_review_inbox_user",
                **common,
            )
            for login in ("pos_place_a_user", "pos_place_b_user")
        )
        cls.manager = new_test_user(
            cls.env,
            login="pos_review_manager",
            groups="review_inbox.group_review_inbox_manager",
            **common,
        )
        cls.manager_y = new_test_user(
            cls.env,
            login="pos_review_manager_y",
            groups="review_inbox.group_review_inbox_manager",
            company_id=cls.company_y.id,
            company_ids=cls.company_y.ids,
        )
        Place = cls.env["review.place"]
        cls.place_a = Place.create(
            {
                "name": "Shop A",
                "code": "POS-A",
                "company_id": cls.company.id,
                "user_ids": [Command.link(cls.user_a.id)],
            }
        )
        cls.place_b = Place.create(
            {
                "name": "Shop B",
                "code": "POS-B",
                "company_id": cls.company.id,
                "user_ids": [Command.link(cls.user_b.id)],
            }
        )
        cls.place_y = Place.create(
            {"name": "Shop Y", "code": "POS-Y", "company_id": cls.company_y.id}
        )
        cls.config.review_place_id = cls.place_a
        cls.company.write(
            {
                "review_default_place_id": cls.place_b.id,
                # every order of a test may ask its customer
                "review_request_cooldown_days": 0,
            }
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Bea Buyer", "email": "bea@buyer.test"}
        )
        cls.no_email = cls.env["res.partner"].create({"name": "Ned No-Email"})
        cls.product = cls.create_product("Desk lamp", cls.categ_basic, 12.0)

    def setUp(self):
        super().setUp()
        self.open_new_session()

    # ------------------------------------------------------------------

    @staticmethod
    def new_token():
        """A token as the POS makes it: 256 random bits in base64url."""
        return secrets.token_urlsafe(32)

    def order_data(self, customer=False, token=None, **values):
        """The values of one order paid at the till, as the POS sends them."""
        data = self.create_ui_order_data([(self.product, 1)], customer=customer)
        if token:
            data["review_token"] = token
        data.update(values)
        return data

    def sync(self, *orders_data, schedule=True):
        """Sync copies of orders as the POS does (the sync changes the values
        it gets), then, unless ``schedule`` is false, run what the job runs
        to make the requests of the orders marked; return the orders, in the
        order given."""
        uuids = [data["uuid"] for data in orders_data]
        result = self.env["pos.order"].sync_from_ui(copy.deepcopy(list(orders_data)))
        if schedule:
            self.env["pos.order"]._review_schedule_requests()
        orders = self.env["pos.order"].browse([v["id"] for v in result["pos.order"]])
        by_uuid = {order.uuid: order for order in orders}
        return self.env["pos.order"].concat(*(by_uuid[uuid] for uuid in uuids))

    def requests_of(self, orders):
        return (
            self.env["review.request"]
            .sudo()
            .search([("res_model", "=", "pos.order"), ("res_id", "in", orders.ids)])
        )
