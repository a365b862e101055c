from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GestureCase


@tagged("post_install", "-at_install")
class TestReplyCode(GestureCase):
    """{coupon_code} in a reply, typed or from a common reply, is the code
    of the review's newest gesture, in the email the customer receives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_gesture_max_amount = 20

    def _mail_text(self, entry):
        mail = entry.sudo().notification_id.mail_mail_id
        self.assertTrue(mail)
        return " ".join(lxml_html.fromstring(mail.body_html).text_content().split())

    def test_code_in_the_reply_email(self):
        _action, card = self._offer(self.user_a, self.alert_a, self.coupon_10)
        entry = self.alert_a.with_user(self.user_a).send_reply(
            "We are sorry. Your code: {coupon_code}, 10 off your next visit."
        )
        body = f"We are sorry. Your code: {card.code}, 10 off your next visit."
        self.assertEqual(entry.sudo().body, body)
        self.assertIn(body, self._mail_text(entry))
        self.assertNotIn("{coupon_code}", self._mail_text(entry))

    def test_newest_gesture(self):
        self._offer(self.user_a, self.alert_a, self.coupon_10)
        _action, newest = self._offer(
            self.user_a, self.alert_a, self.gift_card, amount=15
        )
        entry = self.alert_a.with_user(self.user_a).send_reply("Code {coupon_code}")
        self.assertEqual(entry.sudo().body, f"Code {newest.code}")

    def test_placeholder_without_gesture_sends_nothing(self):
        with self.assertRaisesRegex(UserError, "no gesture was offered"):
            self.alert_a.with_user(self.user_a).send_reply("Here: {coupon_code}")
        self.assertFalse(self.alert_a.sudo().conversation_entry_ids)
        self.assertEqual(self.alert_a.conversation_state, "none")
        # another review's gesture is not this one's
        self._offer(self.user_a, self.review_a, self.coupon_10)
        with self.assertRaisesRegex(UserError, "no gesture was offered"):
            self.alert_a.with_user(self.user_a).send_reply("Here: {coupon_code}")

    def test_code_typed_as_it_is(self):
        """The composer gets the code itself from the wizard: sent as typed."""
        _action, card = self._offer(self.user_a, self.alert_a, self.coupon_10)
        entry = self.alert_a.with_user(self.user_a).send_reply(f"Use {card.code}")
        self.assertIn(f"Use {card.code}", self._mail_text(entry))

    def test_common_reply(self):
        Reply = self.env["review.common.reply"].with_user(self.user_a)
        reply = Reply.create({"body": "Sorry {customer_name}: {coupon_code}"})
        self.assertEqual(
            reply.apply_to_review(self.alert_a.id),
            "Sorry Carla: {coupon_code}",
            "no gesture yet: filled in when the reply is sent",
        )
        _action, card = self._offer(self.user_a, self.alert_a, self.coupon_10)
        self.assertEqual(
            reply.apply_to_review(self.alert_a.id), f"Sorry Carla: {card.code}"
        )
        self.assertEqual(
            Reply.add_and_apply("Again {coupon_code}", self.alert_a.id),
            f"Again {card.code}",
        )
        # filled before the gesture, sent after it
        text = reply.apply_to_review(self.review_a.id)
        _action, card_a = self._offer(self.user_a, self.review_a, self.coupon_10)
        entry = self.review_a.with_user(self.user_a).send_reply(text)
        self.assertEqual(entry.sudo().body, f"Sorry Carla: {card_a.code}")
