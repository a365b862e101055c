from xmlrpc.client import Fault

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestCommonReply(ReviewInboxCase):
    def setUp(self):
        super().setUp()
        self.Reply = self.env["review.common.reply"].with_user(self.user_a)

    def _bodies(self, user=None):
        return (
            self.env["review.common.reply"]
            .with_user(user or self.user_a)
            .search([])
            .mapped("body")
        )

    def test_owner_defaults_to_current_user(self):
        reply = self.Reply.create({"body": "Thank you!"})
        self.assertEqual(reply.user_id, self.user_a)

    def test_newest_on_top(self):
        for text in ("first", "second", "third"):
            self.Reply.create({"body": text})
        self.assertEqual(self._bodies(), ["third", "second", "first"])

    def test_eleventh_evicts_the_bottom_one(self):
        self.Reply.create([{"body": f"reply {n}"} for n in range(10)])
        self.assertEqual(len(self._bodies()), 10)
        self.Reply.create({"body": "reply 10"})
        bodies = self._bodies()
        self.assertEqual(len(bodies), 10)
        self.assertEqual(bodies[0], "reply 10")
        self.assertNotIn("reply 0", bodies, "the bottom one is removed")
        self.assertEqual(bodies[-1], "reply 1")

    def test_the_eleventh_names_what_it_drops_first(self):
        """The picker asks before saving an eleventh: get_dropped_by names
        the reply that saving it drops, which is the one create drops."""
        self.Reply.create([{"body": f"reply {n}"} for n in range(9)])
        self.assertEqual(self.Reply.get_dropped_by("reply 9"), [], "ten fit")
        self.Reply.create({"body": "reply 9"})
        bottom = self.Reply.search([("body", "=", "reply 0")])
        self.assertEqual(
            self.Reply.get_dropped_by("  a new one  "),
            [{"id": bottom.id, "body": "reply 0"}],
        )
        self.assertEqual(len(self._bodies()), 10, "asking drops nothing")
        self.assertEqual(
            self.Reply.get_dropped_by("reply 0"), [], "a saved text moves up instead"
        )
        self.Reply.create({"body": "a new one"})
        self.assertFalse(bottom.exists(), "the one named is the one dropped")
        self.assertEqual(
            self.env["review.common.reply"].with_user(self.user_b).get_dropped_by("x"),
            [],
            "another user's list is theirs",
        )
        with self.assertRaises(ValidationError):
            self.Reply.get_dropped_by("  ")

    def test_limit_is_per_user(self):
        self.Reply.create([{"body": f"a {n}"} for n in range(10)])
        self.env["review.common.reply"].with_user(self.user_b).create({"body": "b"})
        self.assertEqual(len(self._bodies()), 10)
        self.assertEqual(self._bodies(self.user_b), ["b"])

    def test_duplicate_moves_to_top(self):
        self.Reply.create([{"body": "hello"}, {"body": "goodbye"}])
        again = self.Reply.create({"body": "  hello  "})
        self.assertEqual(self._bodies(), ["hello", "goodbye"])
        self.assertEqual(again.body, "hello")
        self.assertEqual(self.Reply.search_count([("body", "=", "hello")]), 1)

    def test_use_moves_to_top(self):
        first = self.Reply.create({"body": "first"})
        self.Reply.create({"body": "second"})
        first.apply_to_review(self.review_a.id)
        self.assertEqual(self._bodies(), ["first", "second"])

    def test_placeholders(self):
        reply = self.Reply.create(
            {"body": "Dear {customer_name}, {place} thanks you. {user} {unknown} {}"}
        )
        text = reply.apply_to_review(self.review_a.id)
        self.assertEqual(
            text, "Dear Carla Customer, Place A thanks you. Alice PlaceA {unknown} {}"
        )
        self.assertIn("{customer_name}", reply.body, "the saved reply keeps them")

    def test_add_and_apply(self):
        text = self.Reply.add_and_apply("Hi {customer_name}", self.review_a.id)
        self.assertEqual(text, "Hi Carla Customer")
        self.assertEqual(self._bodies(), ["Hi {customer_name}"])

    def test_apply_needs_access_to_the_review(self):
        reply = self.Reply.create({"body": "hello"})
        with self.assertRaises(AccessError):
            reply.apply_to_review(self.review_b.id)
        with self.assertRaises(AccessError):
            self.Reply.add_and_apply("sneaky", self.review_b.id)
        self.assertEqual(self._bodies(), ["hello"])

    def test_bad_inputs(self):
        for body in ("", "   \n\t ", "x" * 5001):
            with self.assertRaises(ValidationError):
                self.Reply.create({"body": body})
        self.assertEqual(self._bodies(), [])
        reply = self.Reply.create({"body": "x" * 5000})
        with self.assertRaises(ValidationError):
            reply.write({"body": "  "})
        self.assertEqual(reply.body, "x" * 5000)

    def test_isolation_between_users(self):
        mine = self.Reply.create({"body": "mine"})
        other = self.env["review.common.reply"].with_user(self.user_b)
        self.assertFalse(other.search([]))
        with self.assertRaises(AccessError):
            mine.with_user(self.user_b).read(["body"])
        with self.assertRaises(AccessError):
            mine.with_user(self.user_b).write({"body": "hacked"})
        with self.assertRaises(AccessError):
            mine.with_user(self.user_b).unlink()
        with self.assertRaises(AccessError):
            other.create({"body": "planted", "user_id": self.user_a.id})
        self.assertEqual(self._bodies(), ["mine"])

    def test_managers_see_only_their_own(self):
        self.Reply.create({"body": "mine"})
        manager_replies = self.env["review.common.reply"].with_user(self.manager)
        self.assertFalse(manager_replies.search([]))
        manager_replies.create({"body": "manager's"})
        self.assertEqual(self._bodies(self.manager), ["manager's"])

    def test_viewer_has_no_common_replies(self):
        viewer = new_test_user(
            self.env,
            login="viewer_only",
            groups="review_inbox.group_review_inbox_viewer",
        )
        with self.assertRaises(AccessError):
            self.env["review.common.reply"].with_user(viewer).create({"body": "x"})


@tagged("post_install", "-at_install")
class TestCommonReplyRpc(ReviewInboxCase, HttpCase):
    def _call(self, user, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            user.id,
            user.login,
            "review.common.reply",
            method,
            list(args),
            kwargs,
        )

    def test_isolation_and_cap_over_rpc(self):
        ids = [self._call(self.user_a, "create", {"body": f"r {n}"}) for n in range(11)]
        listed = self._call(self.user_a, "search_read", [], ["body"])
        self.assertEqual(len(listed), 10)
        self.assertEqual(listed[0]["body"], "r 10")
        self.assertEqual(self._call(self.user_b, "search_count", []), 0)
        with self.assertRaisesRegex(Fault, "AccessError|not allowed|access"):
            self._call(self.user_b, "read", ids[-1:], ["body"])
        with self.assertRaisesRegex(Fault, "AccessError|not allowed|access"):
            self._call(self.user_b, "create", {"body": "x", "user_id": self.user_a.id})
        with self.assertRaisesRegex(Fault, "empty"):
            self._call(self.user_a, "create", {"body": "  "})
