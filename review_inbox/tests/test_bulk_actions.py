from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase

SOFT_RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


class TestBulkActions(ReviewInboxCase):
    """The status buttons say what they did, and reload the view (and so its
    search panel's counters)."""

    def _notification(self, action):
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["next"], SOFT_RELOAD)
        self.assertEqual(action["params"]["type"], "success")
        return action["params"]["message"]

    def test_selection_counts_the_reviews(self):
        reviews = self.reviews_ab.with_user(self.manager)
        self.assertEqual(
            self._notification(reviews.action_done()), "3 reviews marked as done."
        )
        self.assertEqual(set(reviews.mapped("state")), {"done"})
        self.assertEqual(
            self._notification(reviews.action_inbox()),
            "3 reviews moved back to the Inbox.",
        )
        self.assertEqual(set(reviews.mapped("state")), {"inbox"})
        self.assertEqual(
            self._notification(reviews[:2].action_spam()), "2 reviews marked as spam."
        )
        self.assertEqual(reviews[:2].mapped("state"), ["spam", "spam"])

    def test_form_buttons_close_rather_than_reload(self):
        """From the form, the notification closes the action: the form
        reloads its review itself and opens the next one (a soft reload would
        rebuild the form and forget where it was)."""
        review = self.review_a.with_user(self.user_a).with_context(review_form=True)
        for method in ("action_done", "action_spam", "action_inbox"):
            with self.subTest(method=method):
                action = getattr(review, method)()
                self.assertEqual(action["tag"], "display_notification")
                self.assertEqual(
                    action["params"]["next"], {"type": "ir.actions.act_window_close"}
                )

    def test_one_review(self):
        review = self.review_a.with_user(self.user_a)
        self.assertEqual(
            self._notification(review.action_done()), "Review marked as done."
        )
        self.assertEqual(
            self._notification(review.action_spam()), "Review marked as spam."
        )
        self.assertEqual(
            self._notification(review.action_inbox()),
            "Review moved back to the Inbox.",
        )
        self.assertEqual(review.state, "inbox")


@tagged("post_install", "-at_install")
class TestUiBulkActions(ReviewInboxCase, HttpCase):
    def test_bulk_done_tour(self):
        slow = self.env["review.message"].create(
            {"place_id": self.place_b.id, "rating": 3, "body": "Slow service at B"}
        )
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_bulk_done_tour",
            login=self.manager.login,
        )
        self.assertEqual(set(self.reviews_ab.mapped("state")), {"done"})
        self.assertEqual(slow.state, "inbox")
