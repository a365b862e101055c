from odoo.tests import tagged

from .common import RatingCase


@tagged("post_install", "-at_install")
class TestRatingReply(RatingCase):
    """A staff reply to a rating's review reaches the customer, and the
    rated document's chatter as an internal note."""

    def test_reply_logged_on_the_task(self):
        rating = self.give_rating(self.task, 1, "Still broken")
        self.sync()
        review = self.review_of(rating)
        task_messages = self.task.message_ids
        # Place A's staff, who have no rights on the projects
        self.assertFalse(self.user_a.has_group("project.group_project_user"))
        entry = review.with_user(self.user_a).send_reply("We are on it, sorry!")
        # the customer's email, as any reply
        mail = entry.sudo().notification_id.mail_mail_id
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("We are on it, sorry!", mail.body_html)
        # and the task's people see it
        note = self.task.message_ids - task_messages
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(note.subtype_id.internal)
        self.assertEqual(note.message_type, "comment")
        self.assertEqual(note.author_id, self.user_a.partner_id)
        self.assertIn("We are on it, sorry!", note.body)
        self.assertIn("Carla Customer", note.body)
        self.assertFalse(note.partner_ids, "nobody notified by email")
        self.assertNotIn(
            self.user_a.partner_id,
            self.task.message_partner_ids,
            "the staff do not follow the task",
        )

    def test_reply_to_another_review_logs_nothing(self):
        messages = self.task.message_ids
        self.review_a.with_user(self.user_a).send_reply("Thanks!")
        self.assertEqual(self.task.message_ids, messages)

    def test_reply_to_a_live_chat_rating_not_in_the_chat(self):
        """The visitor reads the session: nothing is posted there."""
        channel, session = self._livechat_session(self.customer)
        self.env["review.rating.route"].create(
            {
                "name": "Live chat",
                "model_name": "discuss.channel",
                "domain": "[]",
                "place_id": self.place_a.id,
            }
        )
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("discuss.channel"),
                "res_id": session.id,
                "partner_id": self.customer.id,
                "rating": 1,
                "consumed": True,
            }
        )
        self.sync()
        messages = session.message_ids
        self.review_of(rating).with_user(self.user_a).send_reply("Sorry!")
        self.assertEqual(session.message_ids, messages)

    def test_reply_when_the_task_is_gone(self):
        rating = self.give_rating(self.task_2, 3)
        self.sync()
        review = self.review_of(rating)
        self.task_2.unlink()
        self.assertFalse(review.rating_id, "the task took its ratings along")
        entry = review.with_user(self.user_a).send_reply("Thank you")
        self.assertTrue(entry)
