from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import RatingCase


@tagged("post_install", "-at_install")
class TestRatingAccess(RatingCase):
    """Ratings' reviews follow their place; routes are the managers'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["review.rating.route"].create(
            {
                "name": "Sales tasks",
                "model_name": "project.task",
                "domain": repr([("project_id", "=", cls.project_sales.id)]),
                "place_id": cls.place_b.id,
            }
        )

    def setUp(self):
        super().setUp()
        self.rating_a = self.give_rating(self.task, 2)
        self.rating_b = self.give_rating(self.task_sales, 4)
        self.sync()
        self.review_rating_a = self.review_of(self.rating_a)
        self.review_rating_b = self.review_of(self.rating_b)

    def test_place_staff_see_their_places_ratings_only(self):
        Review = self.env["review.message"].with_user(self.user_a)
        found = Review.search([("source", "=", "rating")])
        self.assertEqual(found, self.review_rating_a)
        with self.assertRaises(AccessError):
            self.review_rating_b.with_user(self.user_a).read(["body"])
        # the other company sees none of them
        found_y = (
            self.env["review.message"]
            .with_user(self.manager_y)
            .search([("source", "=", "rating")])
        )
        self.assertFalse(found_y)

    def test_routes_are_the_managers(self):
        Route = self.env["review.rating.route"]
        for user in (self.user_a, self.viewer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Route.with_user(user).search([])
                with self.assertRaises(AccessError):
                    Route.with_user(user).create(
                        {
                            "name": "Mine",
                            "model_name": "project.task",
                            "place_id": self.place_a.id,
                        }
                    )
        self.assertEqual(
            len(Route.with_user(self.manager).search([])), 2, "their company's"
        )
        self.assertFalse(Route.with_user(self.manager_y).search([]))

    def test_ratings_lists_and_import_are_the_managers(self):
        Rating = self.env["rating.rating"]
        for user in (self.user_a, self.viewer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Rating.with_user(user).action_review_unrouted()
                with self.assertRaises(AccessError):
                    self.rating_a.with_user(user).action_review_retry()
                with self.assertRaises(AccessError):
                    self.env["review.rating.import.wizard"].with_user(user).create(
                        {"days": 30}
                    )
        # nor another company's manager, for the ratings of this company
        self.rating_a.sudo().review_sync_error = "failed"
        with self.assertRaises(AccessError):
            self.rating_a.with_user(self.manager_y).action_review_retry()
        self.rating_a.with_user(self.manager).action_review_retry()

    def test_open_rated_document(self):
        # staff without rights on the projects: told so, nothing opened
        with self.assertRaises(UserError):
            self.review_rating_a.with_user(self.user_a).action_open_rated_document()
        # nor for a review of another place
        with self.assertRaises(AccessError):
            self.review_rating_b.with_user(self.user_a).action_open_rated_document()
        project_user = new_test_user(
            self.env,
            login="project_and_place_a",
            groups="review_inbox.group_review_inbox_user,project.group_project_manager",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        self.place_a.user_ids = [Command.link(project_user.id)]
        action = self.review_rating_a.with_user(
            project_user
        ).action_open_rated_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("project.task", self.task.id)
        )
        self.task.unlink()
        with self.assertRaises(UserError):
            self.review_rating_a.with_user(project_user).action_open_rated_document()
