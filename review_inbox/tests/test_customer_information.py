"""The customer information beside a review (age, segment, purchase
amount...) is provided by headquarters and belongs to the customer: one
value per customer, read-only for shop staff, changed by review managers
and by the intake paths."""

import importlib.util

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import ReviewInboxCase

DEFINITION = [
    {"name": "age", "string": "Age", "type": "integer"},
    {
        "name": "segment",
        "string": "Segment",
        "type": "selection",
        "selection": [["gold", "Gold"], ["silver", "Silver"]],
    },
]


@tagged("post_install", "-at_install")
class TestCustomerInformation(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_properties_definition = DEFINITION
        cls.review_a.with_user(cls.manager).write(
            {"customer_properties": {"age": 42, "segment": "gold"}}
        )

    def test_one_value_per_customer(self):
        # review_a and alert_a are both Carla's
        self.assertEqual(
            self.customer.review_customer_properties, {"age": 42, "segment": "gold"}
        )
        self.assertEqual(self.customer.review_company_id, self.company)
        self.assertEqual(self.alert_a.customer_properties["age"], 42)
        self.alert_a.with_user(self.manager).write({"customer_properties": {"age": 43}})
        self.assertEqual(self.review_a.customer_properties["age"], 43)
        self.assertEqual(self.review_a.customer_properties["segment"], "gold")

    def test_staff_and_viewers_read_only(self):
        for user in (self.user_a, self.viewer):
            with self.subTest(user=user.login):
                review = self.review_a.with_user(user)
                self.assertEqual(review.customer_properties["age"], 42)
                self.assertFalse(review.can_edit_customer_properties)
                with self.assertRaises(AccessError):
                    review.write({"customer_properties": {"age": 18}})
                with self.assertRaises(AccessError):
                    self.customer.with_user(user).write(
                        {"review_customer_properties": {"age": 18}}
                    )
        self.assertEqual(self.customer.review_customer_properties["age"], 42)
        self.assertTrue(
            self.review_a.with_user(self.manager).can_edit_customer_properties
        )

    def test_form_shows_it_read_only_to_staff(self):
        """Shop staff get no editor (and no "Add a property" that would end
        in an access error)."""
        arch = self.env["review.message"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        node = etree.fromstring(arch).xpath("//field[@name='customer_properties']")[0]
        self.assertEqual(node.get("readonly"), "not can_edit_customer_properties")

    def test_definition_change_needs_the_company(self):
        """The web client's list with a changed definition (Add a property)
        changes the company's definition: the company's own rights decide."""
        value = [dict(item, value=None) for item in DEFINITION] + [
            {
                "name": "shoe",
                "string": "Shoe size",
                "type": "integer",
                "value": 40,
                "definition_changed": True,
            }
        ]
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.manager).write({"customer_properties": value})
        self.assertEqual(len(self.company.review_properties_definition), 2)
        self.review_a.write({"customer_properties": value})  # an administrator
        self.assertEqual(len(self.company.review_properties_definition), 3)
        self.assertEqual(self.customer.review_customer_properties["shoe"], 40)

    def test_users_created_by_other_administrators(self):
        """An administrator without review rights creates users (whose
        contacts come with empty customer information), never customer
        information itself."""
        admin = self.env["res.users"].create(
            {
                "name": "Other Admin",
                "login": "other_admin",
                "groups_id": [
                    Command.link(self.env.ref("base.group_system").id),
                    Command.link(self.env.ref("base.group_partner_manager").id),
                ],
            }
        )
        self.assertFalse(admin.has_group("review_inbox.group_review_inbox_manager"))
        user = (
            self.env["res.users"]
            .with_user(admin)
            .create({"name": "New Clerk", "login": "new_clerk"})
        )
        self.assertFalse(user.partner_id.review_customer_properties)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(admin).create(
                {
                    "name": "Told",
                    "review_company_id": self.company.id,
                    "review_customer_properties": {"age": 30},
                }
            )

    def test_a_review_without_customer_has_none(self):
        with self.assertRaisesRegex(Exception, "belongs to a customer"):
            self.review_b.with_user(self.manager).write(
                {"customer_properties": {"age": 30}}
            )


@tagged("post_install", "-at_install")
class TestCustomerInformationMigration(ReviewInboxCase):
    def test_newest_review_wins(self):
        self.company.review_properties_definition = DEFINITION
        cr = self.env.cr
        # as the previous version stored them: on each review
        cr.execute("ALTER TABLE review_message ADD COLUMN customer_properties jsonb")
        cr.execute(
            "UPDATE review_message SET customer_properties = %s, review_date = %s "
            "WHERE id = %s",
            ('{"age": 30}', "2026-01-01 10:00:00", self.review_a.id),
        )
        cr.execute(
            "UPDATE review_message SET customer_properties = %s, review_date = %s "
            "WHERE id = %s",
            (
                '{"age": 31, "segment": "silver"}',
                "2026-02-01 10:00:00",
                self.alert_a.id,
            ),
        )
        path = file_path(
            "review_inbox/migrations/18.0.1.2.0/post-customer_properties.py"
        )
        spec = importlib.util.spec_from_file_location("post_customer_info", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(
            self.customer.review_customer_properties, {"age": 31, "segment": "silver"}
        )
        self.assertEqual(self.customer.review_company_id, self.company)
        cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'review_message' "
            "AND column_name = 'customer_properties'"
        )
        self.assertFalse(cr.fetchall())
