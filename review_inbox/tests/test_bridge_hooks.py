from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.review_inbox.models.review_common_reply import ReviewCommonReply
from odoo.addons.review_inbox.models.review_message import ReviewMessage

from .common import ReviewInboxCase

INBOX = "/odoo/action-review_inbox.review_message_action_inbox"


@tagged("post_install", "-at_install")
class TestBridgeHooks(ReviewInboxCase):
    """What a bridge extends to take part in a reply (readme/DEVELOP.md)."""

    def test_placeholder_values_fill_common_replies(self):
        """A placeholder of a bridge is filled in like the core's; one left
        out of the values stays as typed."""
        original = ReviewCommonReply._placeholder_values

        def with_order(reply, review):
            return dict(original(reply, review), order="S00042")

        reply = (
            self.env["review.common.reply"]
            .with_user(self.user_a)
            .create({"body": "{customer_name}, your order {order}: {later}"})
        )
        with patch.object(ReviewCommonReply, "_placeholder_values", with_order):
            text = reply.apply_to_review(self.review_a.id)
        self.assertEqual(text, "Carla, your order S00042: {later}")
        self.assertEqual(
            reply.apply_to_review(self.review_a.id),
            "Carla, your order {order}: {later}",
            "without the bridge, its placeholder stays as typed",
        )

    def test_prepare_reply_body_is_what_the_customer_gets(self):
        """The entry and the email hold the prepared reply, checked again:
        a bridge's refusal sends nothing."""

        def fill(review, body):
            if "{later}" in body and not review.env.context.get("fill_ok"):
                raise UserError(review.env._("Nothing to fill {later} with."))
            return body.replace("{later}", "CODE-42")

        review = self.review_a.with_user(self.user_a)
        with patch.object(ReviewMessage, "_prepare_reply_body", fill):
            with self.assertRaisesRegex(UserError, "Nothing to fill"):
                review.send_reply("Here is {later}")
            self.assertFalse(self.review_a.sudo().conversation_entry_ids)
            entry = review.with_context(fill_ok=True).send_reply("Here is {later}")
        entry = entry.sudo()
        self.assertEqual(entry.body, "Here is CODE-42")
        self.assertIn("CODE-42", entry.notification_id.mail_mail_id.body_html)

        def too_long(review, body):
            return body * 5000

        with patch.object(ReviewMessage, "_prepare_reply_body", too_long):
            with self.assertRaisesRegex(UserError, "too long"):
                review.send_reply("Again")
        self.assertEqual(len(self.review_a.sudo().conversation_entry_ids), 1)


@tagged("post_install", "-at_install")
class TestUiInsertInReply(ReviewInboxCase, HttpCase):
    """insertInReply (static/src/components/reply_composer/) writes at the
    cursor of the composer on screen, else into the review's draft
    (static/tests/tours/review_inbox_insert_in_reply_tour.js)."""

    def test_insert_in_reply_tour(self):
        self.user_a.review_stay_after_action = True
        self.start_tour(
            f"{INBOX}/{self.review_a.id}",
            "review_inbox_insert_in_reply_tour",
            login="place_a_user",
        )
        self.assertEqual(
            self.review_a.sudo().conversation_entry_ids.mapped("body"),
            ["Dear Carla, CODE-1 is yours. Bye CODE-2"],
        )
