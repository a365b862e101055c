from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiConversationState(ReviewInboxCase, MockSmtplibCase, HttpCase):
    """The conversation badge of kanban cards, lists and the form: Not
    delivered for a reply whose email failed, and who updated it last."""

    def _process_queue(self, smtp_down=None):
        MailServer = type(self.env["ir.mail_server"])
        with (
            self.mock_smtplib_connection(),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            if smtp_down:
                with patch.object(MailServer, "connect", side_effect=smtp_down):
                    self.env["mail.mail"].process_email_queue()
            else:
                self.env["mail.mail"].process_email_queue()

    def test_not_delivered_badge_and_author(self):
        failed = self.review_a.with_user(self.user_a).send_reply(
            "We will sort it out, Carla."
        )
        self._process_queue(smtp_down=ConnectionRefusedError(111, "Connection refused"))
        sent = self.alert_a.with_user(self.user_a).send_reply("Sorry about the food.")
        self._process_queue()
        self.assertEqual(failed.delivery_state, "failed")
        self.assertEqual(sent.delivery_state, "sent")
        for review in self.review_a | self.alert_a:
            self.assertEqual(review.conversation_state, "awaiting")
            self.assertEqual(review.conversation_author_id, self.user_a.partner_id)
        self.assertTrue(self.review_a.reply_not_delivered)
        self.assertFalse(self.alert_a.reply_not_delivered)
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_conversation_state_tour",
            login="place_a_user",
        )
