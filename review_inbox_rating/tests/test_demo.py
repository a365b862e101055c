from unittest.mock import patch

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRatingDemo(TransactionCase):
    """The demo: the tasks of the project "Support" rated by customers, a
    live chat rating, their routes and reviews."""

    def test_demo_data(self):
        ref = self.env.ref
        if not self.env["ir.module.module"].search(
            [("name", "=", "review_inbox_rating"), ("demo", "=", True)]
        ):
            self.skipTest("installed without demo data")
        support = ref("review_inbox_rating.review_rating_route_demo_support")
        live_chat = ref("review_inbox_rating.review_rating_route_demo_live_chat")
        self.assertEqual(support.place_id, ref("review_inbox.review_place_par04"))
        self.assertEqual(live_chat.place_id, ref("review_inbox.review_place_web01"))
        Review = self.env["review.message"]
        tasks = Review.search(
            [
                ("source", "=", "rating"),
                ("res_model", "=", "project.task"),
                ("place_id", "=", support.place_id.id),
            ]
        )
        self.assertEqual(sorted(tasks.mapped("rating")), [1, 3, 5, 5])
        self.assertTrue(tasks.filtered("is_alert"))
        rating = ref("review_inbox_rating.rating_demo_live_chat")
        review = Review.search([("rating_id", "=", rating.id)])
        self.assertEqual(review.place_id, live_chat.place_id)
        self.assertEqual(review.partner_id, ref("review_inbox.res_partner_lea_robert"))

    def test_demo_made_once_its_modules_are_there(self):
        """A single install may load this module before project and
        im_livechat: the demo is made at the end, once they are there."""
        if not self.env["ir.module.module"].search(
            [("name", "=", "review_inbox_rating"), ("demo", "=", True)]
        ):
            self.skipTest("installed without demo data")
        Route = self.env["review.rating.route"]
        # as before project's installation: none of its demo
        self.env.ref("review_inbox_rating.review_rating_route_demo_support").unlink()
        self.env["ir.model.data"].search(
            [
                ("module", "=", "review_inbox_rating"),
                ("name", "=like", "project%demo_support%"),
            ]
        ).unlink()
        registry = self.env.registry
        with patch.object(registry, "updated_modules", []):
            Route._register_hook()  # a server starting: nothing made
            self.assertFalse(
                self.env.ref(
                    "review_inbox_rating.review_rating_route_demo_support", False
                )
            )
        with patch.object(registry, "updated_modules", ["project"]):
            Route._register_hook()  # after project's installation
            Route._register_hook()  # and once only
        routes = Route.search([("name", "=", "Support tasks")])
        self.assertEqual(len(routes), 1)
        self.assertEqual(
            routes, self.env.ref("review_inbox_rating.review_rating_route_demo_support")
        )
