from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RatingCase


@tagged("post_install", "-at_install")
class TestRatingRoutes(RatingCase):
    """Which place a rating goes to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Route = cls.env["review.rating.route"]
        cls.route_sales = Route.create(
            {
                "name": "Sales tasks",
                "model_name": "project.task",
                "domain": repr([("project_id", "=", cls.project_sales.id)]),
                "place_id": cls.place_b.id,
                "sequence": 20,
            }
        )
        cls.route_all_tasks = Route.create(
            {
                "name": "Every task",
                "model_name": "project.task",
                "domain": "[]",
                "place_id": cls.place_b.id,
                "sequence": 30,
            }
        )

    def place_of(self, task):
        rating = self.give_rating(task, 4)
        self.sync()
        return self.review_of(rating).place_id

    def test_first_matching_route_wins(self):
        self.assertEqual(self.place_of(self.task), self.place_a)
        self.assertEqual(self.place_of(self.task_sales), self.place_b)
        # in front, by sequence, the route to every task takes them all
        self.route_all_tasks.write({"sequence": 1, "place_id": self.place_b.id})
        self.assertEqual(self.place_of(self.task), self.place_b)

    def test_archived_route_or_place_is_skipped(self):
        self.route_support.active = False
        self.assertEqual(self.place_of(self.task), self.place_b, "next route")
        self.route_all_tasks.active = False
        self.company.review_default_place_id = self.place_a
        self.route_sales.place_id.active = False
        self.assertEqual(self.place_of(self.task_sales), self.place_a, "default")

    def test_routes_of_another_company_never_match(self):
        route_y = self.env["review.rating.route"].create(
            {
                "name": "Other Corp's tasks",
                "model_name": "project.task",
                "domain": "[]",
                "place_id": self.place_y.id,
                "sequence": 1,
            }
        )
        self.assertEqual(route_y.company_id, self.company_y)
        self.assertEqual(self.place_of(self.task), self.place_a)
        self.assertEqual(self.place_of(self.task_y), self.place_y)

    def test_no_route_default_place(self):
        (self.route_sales | self.route_all_tasks).active = False
        self.company.review_default_place_id = self.place_b
        self.assertEqual(self.place_of(self.task_sales), self.place_b)

    def test_document_places_after_routes_before_default(self):
        """A module's own place for a document (``_document_places``) takes
        the ratings no route takes, before the company's default place; a
        place archived or of another company is ignored."""
        (self.route_sales | self.route_all_tasks).active = False
        self.company.review_default_place_id = self.place_a
        own_place = {}
        asked = []

        def document_places(routes, records):
            asked.append(set(records.ids))
            return {
                record.id: own_place[record.id]
                for record in records
                if record.id in own_place
            }

        Route = type(self.env["review.rating.route"])
        with patch.object(Route, "_document_places", document_places):
            own_place.update({self.task.id: self.place_b, self.task_2.id: self.place_b})
            # the route of Support's tasks wins: not even asked
            self.assertEqual(self.place_of(self.task), self.place_a)
            self.assertFalse([ids for ids in asked if self.task.id in ids])
            own_place[self.task_sales.id] = self.place_b
            self.assertEqual(self.place_of(self.task_sales), self.place_b)
            self.assertTrue([ids for ids in asked if self.task_sales.id in ids])
            own_place[self.task_sales.id] = self.place_y
            self.assertEqual(self.place_of(self.task_sales), self.place_a, "company")
            own_place[self.task_sales.id] = self.place_b
            self.place_b.active = False
            self.assertEqual(self.place_of(self.task_sales), self.place_a, "archived")

    def test_no_route_no_default_place_kept_and_listed(self):
        (self.route_sales | self.route_all_tasks).active = False
        rating = self.give_rating(self.task_sales, 2, "Nobody answered")
        self.sync()
        self.assertFalse(self.review_of(rating))
        self.assertRecordValues(
            rating,
            [
                {
                    "review_sync_pending": False,
                    "review_unrouted": True,
                    "review_company_id": self.company.id,
                }
            ],
        )
        Rating = self.env["rating.rating"]
        action = Rating.with_user(self.manager).action_review_unrouted()
        self.assertEqual(Rating.search(action["domain"]), rating)
        # the other company's manager does not see it
        action_y = Rating.with_user(self.manager_y).action_review_unrouted()
        self.assertFalse(Rating.search(action_y["domain"]))
        # a route for them: tried again, and into the inbox
        self.route_sales.active = True
        self.assertTrue(rating.review_sync_pending)
        self.assertTrue(self.new_sync_triggers())
        self.sync()
        review = self.review_of(rating)
        self.assertEqual(review.place_id, self.place_b)
        self.assertEqual(review.body, "Nobody answered")
        self.assertFalse(rating.review_unrouted)

    def test_default_place_set_later(self):
        (self.route_sales | self.route_all_tasks).active = False
        rating = self.give_rating(self.task_sales, 2)
        self.sync()
        self.assertTrue(rating.review_unrouted)
        # through the settings page, as a review manager
        settings = (
            self.env["review.inbox.settings"]
            .with_user(self.manager)
            .with_company(self.company)
            .create({"review_default_place_id": self.place_a.id})
        )
        settings.execute()
        self.sync()
        self.assertEqual(self.review_of(rating).place_id, self.place_a)

    def test_retry_by_hand(self):
        (self.route_sales | self.route_all_tasks).active = False
        rating = self.give_rating(self.task_sales, 2)
        self.sync()
        result = rating.with_user(self.manager).action_review_retry()
        self.assertEqual(result["params"]["type"], "warning", "still no place")
        self.assertTrue(rating.review_unrouted)
        self.company.sudo().write({"review_default_place_id": self.place_b.id})
        result = rating.with_user(self.manager).action_review_retry()
        self.assertEqual(result["params"]["message"], "Reviews created: 1.")
        self.assertEqual(self.review_of(rating).place_id, self.place_b)

    def test_live_chat_session_without_company(self):
        """A live chat session has no company: routes of every company."""
        channel, session = self._livechat_session(self.customer)
        self.env["review.rating.route"].create(
            {
                "name": "Website live chat",
                "model_name": "discuss.channel",
                "domain": repr([("livechat_channel_id", "=", channel.id)]),
                "place_id": self.place_y.id,
            }
        )
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("discuss.channel"),
                "res_id": session.id,
                "partner_id": self.customer.id,
                "rating": 5,
                "consumed": True,
            }
        )
        self.sync()
        self.assertEqual(self.review_of(rating).place_id, self.place_y)

    def test_one_search_per_route_and_model(self):
        """Routing a batch costs the same queries for 2 ratings or 8."""

        def queries(count):
            ratings = self.env["rating.rating"].create(
                [
                    {
                        "res_model_id": self.task_model.id,
                        "res_id": task.id,
                        "partner_id": self.customer.id,
                        "rating": 3,
                    }
                    for task in [self.task, self.task_sales] * (count // 2)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.env["review.rating.route"]._place_ratings(ratings.sudo())
            return self.cr.sql_log_count - before

        queries(2)  # warm-up
        self.assertEqual(queries(8), queries(2))

    def test_domain_checked(self):
        Route = self.env["review.rating.route"].with_user(self.manager)
        for domain in ("[('no_such_field', '=', 1)]", "not a domain", "{'a': 1}"):
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                Route.create(
                    {
                        "name": "Broken",
                        "model_name": "project.task",
                        "domain": domain,
                        "place_id": self.place_a.id,
                    }
                )
