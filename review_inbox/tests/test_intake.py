"""One set of intake rules for every way in: the public review form, the
JSON API, the CSV import and the mail gateway refuse (or, for an email that
cannot be refused, clean) the same bad customers, and match customers the
same way."""

import importlib.util
import json

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_path

from odoo.addons.review_inbox.tools import intake

from .common import PublicFormMixin, ReviewInboxCase, email_message

API = "/review_inbox/api/v1/reviews"
DOMAIN = "intake.test"
# names that would add headers to an email, or break a line of one
BAD_NAMES = [
    "Eve\nBcc: victim@example.com",
    "Eve\r\nX-Spam: no",
    "Eve\x00",
    "Eve\u2028Bcc: victim@example.com",
    "Eve\x1b[31m",
]
# addresses each rule refuses, whatever the path
BAD_EMAILS = [
    "a@localhost",
    "<script>@example.com",
    "Eve <eve@example.com>",
    "eve@example.com, evil@example.com",
    "eve@example.com\nBcc: x@example.com",
    '"eve"@example.com',
    "eve@@example.com",
    "@example.com",
]


@tagged("post_install", "-at_install")
class TestIntakeRules(TransactionCase):
    def test_email_rule(self):
        for email in BAD_EMAILS:
            with self.subTest(email=email), self.assertRaises(intake.IntakeError):
                intake.clean_email(self.env, email)
        self.assertEqual(
            intake.clean_email(self.env, " Jo.Smith+shop@Example.CO.uk "),
            "jo.smith+shop@example.co.uk",
        )
        self.assertFalse(intake.clean_email(self.env, ""))

    def test_name_rule(self):
        for name in BAD_NAMES:
            with self.subTest(name=name), self.assertRaises(intake.IntakeError):
                intake.clean_name(self.env, name)
        self.assertEqual(intake.clean_name(self.env, "  Jo   Smith "), "Jo Smith")
        with self.assertRaises(intake.IntakeError):
            intake.clean_name(self.env, "N" * (intake.NAME_MAX_LENGTH + 1))
        for name in BAD_NAMES:
            cleaned = intake.sanitize_name(name)
            self.assertFalse(intake.has_control_characters(cleaned), cleaned)

    def test_text_and_rating_rules(self):
        with self.assertRaises(intake.IntakeError):
            intake.clean_text(self.env, "a" * (intake.TEXT_MAX_LENGTH + 1))
        with self.assertRaises(intake.IntakeError):
            intake.clean_text(self.env, "cold\x00soup")
        self.assertEqual(intake.clean_text(self.env, " a\r\nb\t"), "a\nb")
        for rating in (-1, 6, 2.5, True, "3"):
            with self.subTest(rating=rating), self.assertRaises(intake.IntakeError):
                intake.clean_rating(self.env, rating)
        self.assertEqual(intake.clean_rating(self.env, None), 0)
        with self.assertRaises(intake.IntakeError):
            intake.clean_rating(self.env, 0, required=True)

    def test_phones_in_e164(self):
        france = self.env.ref("base.fr")
        self.assertEqual(
            intake.normalize_phone(self.env, "01 23 45 67 89", france), "+33123456789"
        )
        self.assertEqual(
            intake.normalize_phone(self.env, "+33 1 23 45 67 89", france),
            "+33123456789",
        )
        # unreadable numbers still compare by their digits
        self.assertEqual(intake.normalize_phone(self.env, "+33 1-23", france), "+33123")


@tagged("post_install", "-at_install")
class TestIntakePaths(ReviewInboxCase, PublicFormMixin, HttpCase):
    """The same refusal on each path, and nothing stored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Keys = cls.env["res.users.apikeys"]
        cls.key_a = Keys.with_user(cls.user_a).sudo()._generate("rpc", "t", None)
        cls.employee = new_test_user(
            cls.env,
            login="intake_employee",
            name="Emma Employee",
            email="emma@corp.test",
            company_id=cls.company.id,
        )
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": DOMAIN})
        cls.company.alias_domain_id = cls.alias_domain
        cls.place_a.write(
            {"alias_name": "intake-a", "alias_domain_id": cls.alias_domain.id}
        )

    def _api(self, item):
        item = dict(
            {"source": "google", "external_id": "i-1", "place_code": "A", "rating": 4},
            **item,
        )
        return self.url_open(
            API,
            data=json.dumps(item),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.key_a}",
            },
        )

    def _import(self, **row):
        fields = ["place_code", "body", "customer_name", "customer_email"]
        values = dict({"place_code": "A", "body": "Imported"}, **row)
        return (
            self.env["review.message"]
            .with_user(self.manager)
            .load(fields, [[values.get(name, "") for name in fields]])
        )

    def _counts(self):
        return (
            self.env["review.message"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
        )

    @mute_logger("odoo.http")
    def test_bad_names_refused_on_every_path(self):
        counts = self._counts()
        for name in BAD_NAMES:
            with self.subTest(path="form", name=name):
                response = self.form_post(
                    self.place_a,
                    {
                        "rating": "4",
                        "comment": "Nice",
                        "customer_name": name,
                        "consent": "1",
                    },
                )
                self.assertEqual(response.status_code, 400)
                # the form refuses control characters in any field at once
                self.assertIn("control characters", response.text)
            with self.subTest(path="api", name=name):
                response = self._api({"customer": {"name": name}})
                self.assertEqual(response.status_code, 400)
                # a NUL is refused in the whole item, before its fields
                field = None if "\x00" in name else "customer.name"
                self.assertEqual(response.json()["errors"][0]["field"], field)
            with self.subTest(path="import", name=name):
                result = self._import(customer_name=name)
                self.assertFalse(result["ids"])
                self.assertEqual(result["messages"][0]["field"], "customer_name")
                self.assertEqual(result["messages"][0]["record"], 0)
        self.assertEqual(self._counts(), counts)

    @mute_logger("odoo.http")
    def test_bad_emails_refused_on_every_path(self):
        counts = self._counts()
        for email in BAD_EMAILS:
            with self.subTest(path="form", email=email):
                response = self.form_post(
                    self.place_a,
                    {"rating": "4", "comment": "Nice", "email": email, "consent": "1"},
                )
                self.assertEqual(response.status_code, 400)
                expected = (
                    "control characters"
                    if intake.has_control_characters(email)
                    else "email address is not valid"
                )
                self.assertIn(expected, response.text)
            with self.subTest(path="api", email=email):
                response = self._api({"customer": {"email": email}})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    response.json()["errors"][0]["field"], "customer.email"
                )
            with self.subTest(path="import", email=email):
                self.assertFalse(self._import(customer_email=email)["ids"])
        self.assertEqual(self._counts(), counts)

    def test_mail_gateway_cleans_the_name(self):
        raw = email_message(
            f"intake-a@{DOMAIN}", '"Eve\\r\\nBcc: x@example.com" <eve@example.org>'
        )
        raw = raw.replace("\\r\\n", "\t")
        self.env["mail.thread"].message_process(None, raw)
        partner = self.env["res.partner"].search([("email", "=", "eve@example.org")])
        self.assertEqual(len(partner), 1)
        self.assertFalse(intake.has_control_characters(partner.name))

    def test_employee_address_never_matches_the_employee(self):
        """A review sent with an employee's address gets a customer of its
        own: the employee's contact never receives reviews."""
        response = self.form_post(
            self.place_a,
            {
                "rating": "1",
                "comment": "Framed",
                "email": "emma@corp.test",
                "customer_name": "Emma",
                "consent": "1",
            },
        )
        self.assertEqual(response.status_code, 303)
        response = self._api({"customer": {"email": "emma@corp.test"}})
        self.assertEqual(response.status_code, 201, response.text)
        self.env["mail.thread"].message_process(
            None, email_message(f"intake-a@{DOMAIN}", "Emma <emma@corp.test>")
        )
        reviews = self.env["review.message"].search(
            [("partner_id.email", "=", "emma@corp.test")]
        )
        self.assertEqual(len(reviews), 3)
        self.assertNotIn(self.employee.partner_id, reviews.partner_id)

    def test_api_never_changes_a_partner_its_caller_cannot(self):
        """The API user (place staff, no contact rights) does not fill in the
        phone of an existing customer."""
        self.assertFalse(self.customer.with_user(self.user_a).has_access("write"))
        self.customer.phone = False
        response = self._api(
            {"customer": {"email": "carla@customer.test", "phone": "+33 6 12 34 56 78"}}
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertFalse(self.customer.phone)
        review = self.env["review.message"].browse(response.json()["ids"])
        self.assertEqual(review.partner_id, self.customer)

    def test_email_author_of_another_company(self):
        """An email to a place of one company is never linked to a customer
        of another company found by the gateway."""
        other = self.env["res.partner"].create(
            {
                "name": "Carla OtherCorp",
                "email": "carla@other.test",
                "company_id": self.company_y.id,
            }
        )
        self.env["mail.thread"].message_process(
            None, email_message(f"intake-a@{DOMAIN}", "Carla <carla@other.test>")
        )
        review = self.env["review.message"].search([("source", "=", "email")])
        self.assertEqual(len(review), 1)
        self.assertNotEqual(review.partner_id, other)
        self.assertIn(
            review.partner_id.company_id, (self.company, self.env["res.company"])
        )
        self.assertEqual(review.partner_id.email_normalized, "carla@other.test")

    def test_email_date_in_the_future(self):
        raw = email_message(
            f"intake-a@{DOMAIN}",
            "Carla <carla@customer.test>",
            date="Fri, 31 Dec 9999 10:00:00 +0000",
        )
        self.env["mail.thread"].message_process(None, raw)
        review = self.env["review.message"].search([("source", "=", "email")])
        self.assertEqual(len(review), 1)
        self.assertLessEqual(review.review_date, fields.Datetime.now())
        self.assertGreaterEqual(review.review_date, review.create_date)


@tagged("post_install", "-at_install")
class TestBlockedPhones(ReviewInboxCase):
    def test_national_and_international_forms_are_one_sender(self):
        self.company.country_id = self.env.ref("base.fr")
        self.customer.write({"phone": "01 23 45 67 89", "email": False})
        self.alert_a.with_user(self.user_a).action_spam_block_sender()
        block = self.env["review.blocked.sender"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(block.phone, "+33123456789")
        same = self.env["res.partner"].create(
            {"name": "Carla again", "phone": "+33 1 23 45 67 89"}
        )
        review = self.env["review.message"].create(
            {"place_id": self.place_b.id, "partner_id": same.id, "rating": 5}
        )
        self.assertEqual(review.state, "spam")

    def test_migration_stores_e164(self):
        """Blocks stored as digits before E.164: migrated, and two that are
        one number keep the oldest active."""
        self.company.country_id = self.env.ref("base.fr")
        Block = self.env["review.blocked.sender"]
        old, twin = Block.create(
            [
                {"company_id": self.company.id, "phone": "+33 6 00 00 00 01"},
                {"company_id": self.company.id, "phone": "+33 6 00 00 00 02"},
            ]
        )
        # as the previous version stored them: digits only
        self.env.cr.execute(
            "UPDATE review_blocked_sender SET phone = %s WHERE id = %s",
            ("0600000001", old.id),
        )
        self.env.cr.execute(
            "UPDATE review_blocked_sender SET phone = %s WHERE id = %s",
            ("+33600000001", twin.id),
        )
        Block.invalidate_model()
        path = file_path("review_inbox/migrations/18.0.1.2.0/post-blocked_phones.py")
        spec = importlib.util.spec_from_file_location("post_blocked_phones", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        Block.invalidate_model()
        self.assertRecordValues(
            old + twin,
            [
                {"phone": "+33600000001", "active": True},
                {"phone": "+33600000001", "active": False},
            ],
        )
