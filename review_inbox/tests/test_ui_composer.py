from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase

INBOX = "/odoo/action-review_inbox.review_message_action_inbox"


@tagged("post_install", "-at_install")
class TestUiComposer(ReviewInboxCase, HttpCase):
    """The reply is written beside the review (static/tests/tours/
    review_inbox_composer_tour.js)."""

    def _staff_bodies(self, review):
        entries = review.sudo().conversation_entry_ids
        return entries.filtered(lambda e: e.author_type == "staff").mapped("body")

    def test_composer_and_common_reply_tour(self):
        self.user_a.review_stay_after_action = True
        self.env["review.common.reply"].with_user(self.user_a).create(
            {"body": "Thank you {customer_name}!"}
        )
        self.start_tour(INBOX, "review_inbox_composer_tour", login="place_a_user")
        self.assertEqual(
            self._staff_bodies(self.review_a),
            ["Thank you Carla Customer! See you soon."],
        )
        self.assertEqual(self.review_a.conversation_state, "awaiting")

    def test_reply_conflict_tour(self):
        self.user_a.review_stay_after_action = True
        self.start_tour(INBOX, "review_inbox_reply_conflict_tour", login="place_a_user")
        self.assertEqual(
            self._staff_bodies(self.review_a),
            [
                "From another tab",
                "My reply",
                "Again from another tab",
                "My second reply",
            ],
        )

    def test_next_review_tour(self):
        now = fields.Datetime.now()
        column = {}
        for hours, name in enumerate(("First", "Second", "Third", "Fourth"), start=1):
            column[name] = self.env["review.message"].create(
                {
                    "place_id": self.place_a.id,
                    "partner_id": self.customer.id,
                    "rating": 5,
                    "body": f"{name} of the column",
                    "review_date": now - timedelta(hours=hours),
                }
            )
        self.start_tour(INBOX, "review_inbox_next_review_tour", login="place_a_user")
        self.assertEqual(self.review_a.state, "done")
        self.assertEqual(column["First"].state, "spam")
        self.assertTrue(column["Second"].is_delegated)
        self.assertEqual(column["Second"].state, "done")
        self.assertEqual(self._staff_bodies(column["Third"]), ["We will look into it."])
        self.assertEqual(column["Third"].state, "inbox")
        self.assertEqual(column["Fourth"].state, "done")
        self.assertEqual(self.alert_a.state, "done")

        # The same, for a user who prefers to stay.
        self.user_a.review_stay_after_action = True
        self.start_tour(
            INBOX, "review_inbox_stay_after_action_tour", login="place_a_user"
        )
        self.assertEqual(column["Third"].state, "done")


@tagged("post_install", "-at_install")
class TestUiComposerSmallScreen(ReviewInboxCase, HttpCase):
    """On a phone (env.isSmall), Done, Spam and Hold are at hand."""

    browser_size = "375x667"
    touch_enabled = True

    def test_small_screen_tour(self):
        self.user_a.review_stay_after_action = True
        self.start_tour(
            f"{INBOX}/{self.alert_a.id}",
            "review_inbox_small_screen_tour",
            login="place_a_user",
        )
        self.assertTrue(self.alert_a.is_on_hold)
        self.assertEqual(self.alert_a.hold_reason, "Manager calls back")
        self.assertEqual(self.alert_a.state, "spam")
        self.assertTrue(
            self.alert_a.message_ids.filtered(
                lambda m: "Marked as Done." in (m.body or "")
            )
        )
