from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestAccessRpc(ReviewInboxCase, HttpCase):
    """The same rules hold for an external client over XML-RPC."""

    def _call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def test_place_user_over_rpc(self):
        ids = self._call(self.user_a, "review.message", "search", [])
        self.assertEqual(sorted(ids), sorted((self.review_a | self.alert_a).ids))
        self.assertEqual(
            self._call(self.user_a, "review.message", "search_count", []), 2
        )
        groups = self._call(
            self.user_a,
            "review.message",
            "read_group",
            [],
            ["place_id"],
            ["place_id"],
        )
        self.assertEqual([g["place_id"][0] for g in groups], [self.place_a.id])
        with self.assertRaisesRegex(Fault, "AccessError|not allowed|access"):
            self._call(
                self.user_a, "review.message", "read", self.review_b.ids, ["body"]
            )
        with self.assertRaisesRegex(Fault, "AccessError|not allowed|access"):
            self._call(self.user_a, "review.message", "action_done", self.review_b.ids)
        with self.assertRaisesRegex(Fault, "AccessError|not allowed|access"):
            self._call(
                self.user_a, "review.message", "write", self.review_b.ids, {"rating": 1}
            )
        self.review_b.invalidate_recordset()
        self.assertEqual(self.review_b.state, "inbox")
        self.assertEqual(self.review_b.rating, 5)

    def test_other_company_over_rpc(self):
        ids = self._call(self.manager_y, "review.message", "search", [])
        self.assertEqual(ids, self.review_y.ids)
        with self.assertRaisesRegex(Fault, "AccessError|not allowed|access"):
            self._call(
                self.manager_y, "review.message", "read", self.review_a.ids, ["body"]
            )
        self.assertEqual(
            self._call(
                self.manager_y,
                "review.message",
                "search_count",
                [("company_id", "=", self.company.id)],
            ),
            0,
        )

    def test_place_user_can_act_over_rpc(self):
        self._call(self.user_a, "review.message", "action_done", self.alert_a.ids)
        self.alert_a.invalidate_recordset()
        self.assertEqual(self.alert_a.state, "done")
