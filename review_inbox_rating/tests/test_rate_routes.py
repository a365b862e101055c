from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.review_inbox.tests.common import PublicPagesMixin

from .common import RatingCase


@tagged("post_install", "-at_install")
class TestRateRoutes(PublicPagesMixin, RatingCase, HttpCase):
    """Ratings through Odoo's own pages and routes, as customers give them."""

    def _rating_of_token(self, token):
        return self.env["rating.rating"].sudo().search([("access_token", "=", token)])

    def test_task_rating_pages(self):
        self.authenticate(None, None)
        token = self.rating_token(self.task)
        rating = self._rating_of_token(token)
        # the smiley of the email only opens the form: nothing given yet
        path = f"/rate/{token}/1"
        self.assertEqual(self.public_get(path).status_code, 200)
        self.sync()
        self.assertFalse(self.review_of(rating))
        self.assertFalse(rating.review_sync_pending)
        # the form posted: one review
        submit = f"/rate/{token}/submit_feedback"
        response = self.public_post(
            submit, {"rate": 1, "feedback": "Nobody came"}, self.csrf_token(path)
        )
        self.assertEqual(response.status_code, 200)
        self.sync()
        review = self.review_of(rating)
        self.assertRecordValues(
            review,
            [
                {
                    "rating": 1,
                    "body": "Nobody came",
                    "partner_id": self.customer.id,
                    "place_id": self.place_a.id,
                    "res_id": self.task.id,
                    "is_alert": True,
                }
            ],
        )
        # the same form posted again (a replay): the same review, untouched
        messages = review.message_ids
        self.public_post(
            submit, {"rate": 1, "feedback": "Nobody came"}, self.csrf_token(path)
        )
        self.assertTrue(rating.review_sync_pending)
        with self.assertNoReviewWrite():
            self.sync()
        self.assertEqual(self.review_of(rating), review)
        self.assertEqual(review.message_ids, messages)
        # another rating through the same link: that review changes
        self.public_post(
            submit,
            {"rate": 5, "feedback": "They came in the end"},
            self.csrf_token(f"/rate/{token}/5"),
        )
        self.sync()
        self.assertEqual(self.review_of(rating), review)
        self.assertRecordValues(
            review, [{"rating": 5, "body": "They came in the end", "is_alert": False}]
        )
        self.assertIn("Rating: 1 → 5", self.rating_notes(review).body)

    def test_live_chat_feedback(self):
        operator = new_test_user(
            self.env, login="livechat_operator", groups="base.group_user"
        )
        channel = self.env["im_livechat.channel"].create(
            {"name": "Website", "user_ids": [Command.link(operator.id)]}
        )
        self.env["bus.presence"].create({"user_id": operator.id, "status": "online"})
        self.env["review.rating.route"].create(
            {
                "name": "Website live chat",
                "model_name": "discuss.channel",
                "domain": repr([("livechat_channel_id", "=", channel.id)]),
                "place_id": self.place_b.id,
            }
        )
        self.authenticate(None, None)
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {
                "anonymous_name": "Visitor",
                "channel_id": channel.id,
                "previous_operator_id": operator.partner_id.id,
            },
        )
        session_id = data["discuss.channel"][0]["id"]

        def feedback(rate, reason):
            rating_id = self.make_jsonrpc_request(
                "/im_livechat/feedback",
                {"channel_id": session_id, "rate": rate, "reason": reason},
            )
            self.env.invalidate_all()
            return self.env["rating.rating"].browse(rating_id)

        rating = feedback(3, "Answered, slowly")
        self.sync()
        review = self.review_of(rating)
        self.assertRecordValues(
            review,
            [
                {
                    "rating": 3,
                    "body": "Answered, slowly",
                    "place_id": self.place_b.id,
                    "res_model": "discuss.channel",
                    "res_id": session_id,
                    "partner_id": False,
                }
            ],
        )
        # the visitor sends the same feedback again: nothing changes
        messages = review.message_ids
        self.assertEqual(feedback(3, "Answered, slowly"), rating)
        self.assertTrue(rating.review_sync_pending)
        with self.assertNoReviewWrite():
            self.sync()
        self.assertEqual(review.message_ids, messages)
        # then changes it: the same review changes
        self.assertEqual(feedback(1, "Never mind, it was wrong"), rating)
        self.sync()
        self.assertEqual(self.review_of(rating), review)
        self.assertRecordValues(
            review, [{"rating": 1, "body": "Never mind, it was wrong"}]
        )
