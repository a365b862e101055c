"""Who enters a review by hand: review managers, for the reviews received on
paper or by phone (source manual); place staff neither create nor duplicate
one, through the ORM or over JSON-RPC, while every intake path still brings
reviews in."""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ReviewInboxCase

BY_HAND = (
    "Reviews come from the customers: only a review manager enters one by hand "
    "(received on paper or by phone) or duplicates one."
)


@tagged("post_install", "-at_install")
class TestReviewEntry(ReviewInboxCase):
    def _count(self):
        return self.env["review.message"].search_count([])

    def test_staff_cannot_create(self):
        count = self._count()
        Review = self.env["review.message"].with_user(self.user_a)
        with self.assertRaisesRegex(AccessError, "only a review manager enters"):
            Review.create({"place_id": self.place_a.id, "rating": 5, "body": "Made up"})
        self.assertEqual(self._count(), count)

    def test_staff_cannot_duplicate(self):
        count = self._count()
        with self.assertRaisesRegex(AccessError, "duplicates one"):
            self.review_a.with_user(self.user_a).copy({"rating": 5})
        self.assertEqual(self._count(), count)

    def test_viewer_cannot_create(self):
        with self.assertRaisesRegex(AccessError, "only a review manager"):
            self.env["review.message"].with_user(self.viewer).create(
                {"place_id": self.place_a.id, "rating": 5}
            )

    def test_staff_have_no_create_right(self):
        """The access rights say it too: the views drop Create, Duplicate
        and Import for staff."""
        Review = self.env["review.message"]
        self.assertFalse(Review.with_user(self.user_a).has_access("create"))
        self.assertTrue(Review.with_user(self.manager).has_access("create"))
        arch = Review.with_user(self.user_a).get_views([(False, "kanban")])["views"][
            "kanban"
        ]["arch"]
        self.assertIn('create="False"', arch)

    def test_manager_enters_a_review_by_hand(self):
        review = (
            self.env["review.message"]
            .with_user(self.manager)
            .create({"place_id": self.place_a.id, "rating": 3, "body": "By phone"})
        )
        self.assertEqual(review.source, "manual")
        self.assertEqual(
            dict(review._fields["source"]._description_selection(self.env))["manual"],
            "Entered by hand (paper, phone)",
        )

    def test_a_copy_is_entered_by_hand(self):
        """A duplicate is not the customer's form nor the platform's review."""
        original = self.env["review.message"].create(
            {
                "place_id": self.place_a.id,
                "rating": 2,
                "source": "api",
                "external_ref": "google:1",
            }
        )
        copy = original.with_user(self.manager).copy()
        self.assertRecordValues(
            copy, [{"source": "manual", "external_ref": False, "rating": 2}]
        )

    def test_staff_api_path_creates_their_places_reviews(self):
        """The API posts a platform's reviews with the key's user: place
        staff keep posting their places' reviews, as the API's checks let
        them, not reviews entered by hand nor another place's."""
        Review = self.env["review.message"].with_user(self.user_a)
        review = Review._create_from_intake(
            [{"place_id": self.place_a.id, "rating": 4, "source": "api"}]
        )
        self.assertRecordValues(
            review.sudo(),
            [
                {
                    "source": "api",
                    "place_id": self.place_a.id,
                    "create_uid": self.user_a.id,
                }
            ],
        )
        count = self._count()
        for vals in (
            {"place_id": self.place_a.id, "rating": 5},
            {"place_id": self.place_a.id, "rating": 5, "source": "manual"},
            {"place_id": self.place_b.id, "rating": 5, "source": "api"},
            {"place_id": self.place_a.id, "source": "api", "state": "done"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                with self.env.cr.savepoint():
                    Review._create_from_intake([vals])
        self.assertEqual(self._count(), count)

    def test_no_rating_is_no_stars(self):
        """0 is the "no rating" of the model (the rule of every intake path);
        the views' stars are then empty (False), not "0"."""
        review = self.env["review.message"].create({"place_id": self.place_a.id})
        self.assertEqual(review.rating, 0)
        self.assertIs(review.rating_stars, False)
        self.assertEqual(self.review_a.rating_stars, "4")


@tagged("post_install", "-at_install")
class TestReviewEntryRpc(ReviewInboxCase, HttpCase):
    """The same refusals for a script of place staff over JSON-RPC, with a
    message that says why."""

    def _call_kw(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        return response.json()

    def _assertRefused(self, answer):
        self.assertNotIn("result", answer)
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertEqual(answer["error"]["data"]["message"], BY_HAND)

    @mute_logger("odoo.http")
    def test_staff_over_json_rpc(self):
        self.authenticate(self.user_a.login, self.user_a.login)
        count = self.env["review.message"].search_count([])
        vals = {"place_id": self.place_a.id, "rating": 5, "body": "Made up"}
        for method, args, kwargs in (
            ("create", [vals], {}),
            ("web_save", [[], vals], {"specification": {"rating": {}}}),
            ("copy", [self.review_a.ids], {"default": {"rating": 5}}),
        ):
            with self.subTest(method=method):
                self._assertRefused(
                    self._call_kw("review.message", method, args, kwargs)
                )
        self.assertEqual(self.env["review.message"].search_count([]), count)

    def test_manager_over_json_rpc(self):
        self.authenticate(self.manager.login, self.manager.login)
        answer = self._call_kw(
            "review.message",
            "web_save",
            [[], {"place_id": self.place_a.id, "rating": 3, "body": "On paper"}],
            {"specification": {"source": {}}},
        )
        self.assertEqual(answer["result"][0]["source"], "manual")
