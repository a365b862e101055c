from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestAccess(ReviewInboxCase):
    def test_place_user_reads_only_own_places(self):
        Review = self.env["review.message"].with_user(self.user_a)
        self.assertEqual(Review.search([]), self.review_a | self.alert_a)
        self.assertEqual(Review.search_count([]), 2)
        self.assertEqual(Review.search_count([("place_id", "=", self.place_b.id)]), 0)
        groups = Review._read_group([], ["place_id"], ["__count"])
        self.assertEqual(groups, [(self.place_a.with_user(self.user_a), 2)])
        self.assertEqual(
            self.env["review.place"].with_user(self.user_a).search([]), self.place_a
        )
        with self.assertRaises(AccessError):
            self.review_b.with_user(self.user_a).read(["body"])
        with self.assertRaises(AccessError):
            self.place_b.with_user(self.user_a).read(["name"])

    def test_place_user_cannot_act_on_other_place(self):
        review_b = self.review_b.with_user(self.user_a)
        for action in (
            review_b.action_done,
            review_b.action_spam,
            review_b.action_inbox,
            review_b.action_release_hold,
            lambda: review_b.action_hold("mine now"),
            lambda: review_b.write({"user_id": self.user_a.id}),
            lambda: review_b.message_post(body="note", subtype_xmlid="mail.mt_note"),
        ):
            with self.assertRaises(AccessError):
                action()
        self.assertEqual(self.review_b.state, "inbox")
        self.assertFalse(self.review_b.is_treated)
        self.assertFalse(self.review_b.user_id)

    def test_place_user_cannot_create_for_other_place(self):
        with self.assertRaises(AccessError):
            self.env["review.message"].with_user(self.user_a).create(
                {"place_id": self.place_b.id, "body": "spoofed"}
            )

    def test_place_user_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.place_a.with_user(self.user_a).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["review.place"].with_user(self.user_a).create(
                {"name": "New", "code": "N"}
            )

    def test_staff_change_follows_place(self):
        Review = self.env["review.message"].with_user(self.user_b)
        self.assertEqual(Review.search_count([]), 1)
        self.place_a.user_ids = [(4, self.user_b.id)]
        self.assertEqual(Review.search_count([]), 3)

    def test_viewer_reads_all_but_acts_on_nothing(self):
        Review = self.env["review.message"].with_user(self.viewer)
        self.assertEqual(Review.search([]), self.reviews_ab)
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.viewer).action_done()
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.viewer).write({"is_alert": True})
        self.assertEqual(self.review_a.state, "inbox")

    def test_manager_sees_all_of_company(self):
        Review = self.env["review.message"].with_user(self.manager)
        self.assertEqual(Review.search([]), self.reviews_ab)
        self.review_b.with_user(self.manager).action_done()
        self.assertEqual(self.review_b.state, "done")
        self.place_b.with_user(self.manager).name = "Place B renamed"

    def test_companies_never_see_each_other(self):
        for user in (self.manager, self.viewer, self.user_a):
            Review = self.env["review.message"].with_user(user)
            self.assertNotIn(self.review_y, Review.search([]))
            with self.assertRaises(AccessError):
                self.review_y.with_user(user).read(["body"])
        Review_y = self.env["review.message"].with_user(self.manager_y)
        self.assertEqual(Review_y.search([]), self.review_y)
        self.assertEqual(
            Review_y.search_count([("place_id", "in", self.place_a.ids)]), 0
        )
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.manager_y).action_done()
        self.assertEqual(
            self.env["review.place"].with_user(self.manager_y).search([]), self.place_y
        )
