from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase

REPLY = "Thank you Carla, the whole team is delighted!"


@tagged("post_install", "-at_install")
class TestUiReply(ReviewInboxCase, HttpCase):
    def _reply_mails(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "review.message"),
                    ("res_id", "=", self.review_a.id),
                    ("recipient_ids", "in", self.customer.ids),
                ]
            )
        )

    def test_reply_and_mark_read_tours(self):
        review = self.review_a
        self.assertEqual(review.conversation_state, "none")
        # the tour reads the sent reply on its review (test_ui_composer.py
        # follows the user on to the next one)
        self.user_a.review_stay_after_action = True

        # A place user replies from the review form.
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_staff_reply_tour",
            login="place_a_user",
        )
        self.env.invalidate_all()
        self.assertEqual(review.conversation_state, "awaiting")
        self.assertEqual(review.conversation_author_id, self.user_a.partner_id)
        self.assertTrue(review.conversation_date)
        self.assertTrue(review.is_treated)
        self.assertEqual(review.state, "inbox")
        entry = review.conversation_entry_ids
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.author_type, "staff")
        self.assertEqual(entry.author_id, self.user_a.partner_id)
        self.assertEqual(entry.body, REPLY)
        self.assertEqual(entry.delivery_state, "queued")
        self.assertTrue(entry.sudo().token_hash)
        self.assertGreater(entry.token_expiry, fields.Datetime.now())
        self.assertFalse(entry.token_used_date)
        mail = self._reply_mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(REPLY, mail.body_html)
        self.assertIn("/review/reply/", mail.body_html)
        self.assertEqual(entry.notification_id.mail_mail_id, mail)
        self.assertIn(REPLY, entry.message_id.body)

        # The customer answers on the reply page.
        review.sudo()._receive_customer_answer("Thanks!", "web")
        self.env.invalidate_all()
        self.assertEqual(review.conversation_state, "unread")
        answer = review.conversation_entry_ids[-1]
        self.assertEqual(answer.author_type, "customer")
        self.assertTrue(answer.is_unread)

        # The place user reads it from "Ratings received".
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_ratings",
            "review_inbox_mark_read_tour",
            login="place_a_user",
        )
        self.env.invalidate_all()
        self.assertEqual(review.conversation_state, "pending")
        self.assertEqual(review.conversation_author_id, self.user_a.partner_id)
        entries = review.conversation_entry_ids
        self.assertEqual(entries.mapped("author_type"), ["staff", "customer"])
        self.assertEqual(entries.mapped("body"), [REPLY, "Thanks!"])
        self.assertEqual(entries[1].source, "web")
        self.assertFalse(any(entries.mapped("is_unread")))
        self.assertTrue(
            review.message_ids.filtered(
                lambda m: "Customer reply marked as read." in (m.body or "")
                and m.author_id == self.user_a.partner_id
            )
        )
        # Nothing else changed: the review is still in the Inbox, one email only.
        self.assertEqual(review.state, "inbox")
        self.assertEqual(len(self._reply_mails()), 1)
