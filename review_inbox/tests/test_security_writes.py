"""Writes that must leave a review in its user's reach, and fields that only
the review's actions change: through the ORM and over JSON-RPC, as the web
client and an attacker's script send them."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.review_inbox.models.review_message import PROTECTED_FIELDS

from .common import ReviewInboxCase

# AccessError and ValidationError are UserErrors too
REFUSED = UserError
# a value of the right type for each protected field
PROTECTED_VALUES = {
    "state": "done",
    "conversation_state": "pending",
    "conversation_date": "2026-01-01 10:00:00",
    "conversation_author_id": "customer",
    "is_on_hold": True,
    "hold_reason": "Forged",
    "is_treated": True,
    "is_delegated": True,
    "delegated_to": "evil@example.com",
    "last_action_date": "2026-01-01 10:00:00",
    "reply_not_delivered": True,
    "source": "web",
    "external_ref": "forged",
    "company_id": "company_y",
    "request_id": "request",
}


@tagged("post_install", "-at_install")
class TestSecurityWrites(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_properties_definition = [
            {"name": "age", "string": "Age", "type": "integer"}
        ]
        cls.customer_y = cls.env["res.partner"].create(
            {
                "name": "Yves OtherCorp",
                "email": "yves@other.test",
                "company_id": cls.company_y.id,
            }
        )
        cls.portal = new_test_user(
            cls.env, login="review_portal_t", groups="base.group_portal"
        )

    def _value(self, name):
        value = PROTECTED_VALUES[name]
        if value == "customer":
            return self.customer.id
        if value == "company_y":
            return self.company_y.id
        if value == "request":
            document = self.env["res.partner"].create({"name": "Order S00042"})
            return (
                self.env["review.request"]
                ._create_requests([self.customer.id], self.place_a, document)
                .id
            )
        return value

    def test_every_protected_field_has_a_test_value(self):
        self.assertEqual(set(PROTECTED_VALUES), PROTECTED_FIELDS)
        # the bridges add theirs (DEVELOP.md), and test them
        self.assertLessEqual(
            PROTECTED_FIELDS, self.env["review.message"]._protected_fields()
        )

    def test_protected_fields_refused_to_staff(self):
        review = self.review_a.with_user(self.user_a)
        for name in sorted(PROTECTED_FIELDS):
            with self.subTest(field=name), self.assertRaises(AccessError):
                review.write({name: self._value(name)})
        self.review_a.invalidate_recordset()
        self.assertRecordValues(
            self.review_a,
            [
                {
                    "state": "inbox",
                    "is_treated": False,
                    "is_on_hold": False,
                    "company_id": self.company.id,
                    "source": "manual",
                }
            ],
        )

    def test_protected_fields_refused_to_managers_too(self):
        review = self.review_a.with_user(self.manager)
        for name in ("state", "is_treated", "conversation_state"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                review.write({name: self._value(name)})

    def test_actions_still_change_them(self):
        review = self.review_a.with_user(self.user_a)
        review.action_hold("Waiting for the manager")
        review.action_done()
        self.assertRecordValues(
            self.review_a,
            [{"state": "done", "is_on_hold": True, "is_treated": True}],
        )

    def test_create_refuses_forged_state(self):
        # managers enter reviews by hand, and only their content
        Review = self.env["review.message"].with_user(self.manager)
        for name in ("state", "is_treated", "conversation_state", "is_delegated"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                Review.create({"place_id": self.place_a.id, name: self._value(name)})

    def test_create_takes_the_company_of_the_place(self):
        review = (
            self.env["review.message"]
            .with_user(self.manager)
            .create({"place_id": self.place_a.id, "company_id": self.company_y.id})
        )
        self.assertEqual(review.company_id, self.company)

    def test_move_to_a_place_out_of_reach(self):
        """Every way of moving a review: plain, with a Properties value (which
        hid the move), to a place of another company, through web_save."""
        review = self.review_a.with_user(self.user_a)
        attempts = [
            {"place_id": self.place_b.id},
            {"place_id": self.place_b.id, "customer_properties": {"age": 30}},
            {"place_id": self.place_y.id},
            {"place_id": self.place_y.id, "customer_properties": {"age": 30}},
        ]
        for vals in attempts:
            with self.subTest(vals=vals):
                with self.assertRaises(REFUSED), self.env.cr.savepoint():
                    review.write(vals)
                with self.assertRaises(REFUSED), self.env.cr.savepoint():
                    review.web_save(vals, {"place_id": {}})
        self.review_a.invalidate_recordset()
        self.assertEqual(self.review_a.place_id, self.place_a)
        self.assertEqual(self.review_a.company_id, self.company)

    def test_manager_moves_within_their_companies(self):
        self.review_a.with_user(self.manager).write({"place_id": self.place_b.id})
        self.assertEqual(self.review_a.place_id, self.place_b)
        with self.assertRaises(REFUSED):
            self.review_b.with_user(self.manager).write({"place_id": self.place_y.id})

    def test_customer_of_another_company(self):
        review = self.review_a.with_user(self.user_a)
        with self.assertRaises(REFUSED), self.env.cr.savepoint():
            review.write({"partner_id": self.customer_y.id})
        with self.assertRaises(REFUSED), self.env.cr.savepoint():
            self.env["review.message"].with_user(self.user_a).create(
                {"place_id": self.place_a.id, "partner_id": self.customer_y.id}
            )
        self.review_a.invalidate_recordset()
        self.assertEqual(self.review_a.partner_id, self.customer)

    def test_assignee_must_reach_the_review(self):
        review = self.review_a.with_user(self.user_a)
        for user in (self.portal, self.manager_y, self.user_b):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    review.write({"user_id": user.id})
        review.write({"user_id": self.manager.id})
        self.assertEqual(self.review_a.user_id, self.manager)

    def test_archived_place_gives_its_staff_no_access(self):
        self.place_a.active = False
        Review = self.env["review.message"].with_user(self.user_a)
        self.assertFalse(Review.search([]))
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_a).read(["body"])
        # managers and viewers keep the history
        self.assertIn(self.review_a, Review.with_user(self.manager).search([]))
        self.assertIn(self.review_a, Review.with_user(self.viewer).search([]))
        self.place_a.active = True
        self.assertIn(self.review_a, Review.search([]))


@tagged("post_install", "-at_install")
class TestViewerPostsNothing(ReviewInboxCase):
    """Following only needs read access: posting and subscribing need write."""

    def test_viewer_cannot_subscribe(self):
        review = self.review_a.with_user(self.viewer)
        with self.assertRaises(AccessError):
            review.message_subscribe(partner_ids=self.viewer.partner_id.ids)
        self.assertNotIn(self.viewer.partner_id, self.review_a.message_partner_ids)

    def test_viewer_following_cannot_post(self):
        # followed before (e.g. subscribed by a manager)
        self.review_a.message_subscribe(partner_ids=self.viewer.partner_id.ids)
        review = self.review_a.with_user(self.viewer)
        for subtype in ("mail.mt_note", "mail.mt_comment"):
            with self.subTest(subtype=subtype), self.assertRaises(AccessError):
                review.message_post(body="Sneaky", subtype_xmlid=subtype)
        with self.assertRaises(AccessError):
            self.env["mail.message"].with_user(self.viewer).create(
                {
                    "model": "review.message",
                    "res_id": self.review_a.id,
                    "body": "Sneaky",
                    "message_type": "comment",
                }
            )
        self.review_a.invalidate_recordset()
        self.assertFalse(self.review_a.is_treated)

    def test_staff_still_post_notes(self):
        self.review_a.with_user(self.user_a).message_post(
            body="Called the kitchen",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertTrue(self.review_a.is_treated)


@tagged("post_install", "-at_install")
class TestSecurityWritesRpc(ReviewInboxCase, HttpCase):
    """The same refusals for a script of place staff over JSON-RPC."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    @mute_logger("odoo.http")
    def test_place_user_over_json_rpc(self):
        self.authenticate(self.user_a.login, self.user_a.login)
        self.company.review_properties_definition = [
            {"name": "age", "string": "Age", "type": "integer"}
        ]
        attempts = [
            ("write", [self.review_a.ids, {"place_id": self.place_y.id}]),
            (
                "web_save",
                [
                    self.review_a.ids,
                    {"place_id": self.place_y.id, "customer_properties": {"age": 1}},
                ],
                {"specification": {"place_id": {}}},
            ),
            ("write", [self.review_a.ids, {"state": "spam"}]),
            ("write", [self.review_a.ids, {"is_treated": True}]),
            ("write", [self.review_a.ids, {"company_id": self.company_y.id}]),
            ("write", [self.review_a.ids, {"user_id": self.manager_y.id}]),
        ]
        for method, args, *kwargs in attempts:
            with self.subTest(method=method, args=args[1]):
                with self.assertRaises(JsonRpcException):
                    self._call("review.message", method, args, *kwargs)
        self.review_a.invalidate_recordset()
        self.assertRecordValues(
            self.review_a,
            [
                {
                    "place_id": self.place_a.id,
                    "company_id": self.company.id,
                    "state": "inbox",
                    "is_treated": False,
                    "user_id": False,
                }
            ],
        )

    @mute_logger("odoo.http")
    def test_viewer_over_json_rpc(self):
        self.authenticate(self.viewer.login, self.viewer.login)
        with self.assertRaises(JsonRpcException):
            self._call(
                "review.message",
                "message_subscribe",
                [self.review_a.ids],
                {"partner_ids": self.viewer.partner_id.ids},
            )
        self.review_a.message_subscribe(partner_ids=self.viewer.partner_id.ids)
        with self.assertRaisesRegex(JsonRpcException, "NotFound"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "review.message",
                    "thread_id": self.review_a.id,
                    "post_data": {"body": "Sneaky", "message_type": "comment"},
                },
            )
        self.assertFalse(
            self.review_a.message_ids.filtered(lambda m: "Sneaky" in (m.body or ""))
        )
        self.assertFalse(self.review_a.is_treated)


@tagged("post_install", "-at_install")
class TestPlaceAssignment(ReviewInboxCase):
    def test_staff_of_two_places_move_between_them(self):
        self.place_b.user_ids = [Command.link(self.user_a.id)]
        self.review_a.with_user(self.user_a).write({"place_id": self.place_b.id})
        self.assertEqual(self.review_a.place_id, self.place_b)
