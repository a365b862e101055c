from odoo.tests import tagged

from odoo.addons.review_inbox.tests.common import email_message

from .common import ReviewHelpdeskCase


@tagged("post_install", "-at_install")
class TestCustomerAnswerOnTicket(ReviewHelpdeskCase):
    """A customer answer on a review whose ticket is open reaches the ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_a.with_user(cls.user_a).action_create_ticket()
        cls.ticket = cls.review_a.ticket_id

    def _answer(self, text):
        """The customer answers the staff's reply through its link, then the
        job puts the answer in the chatter (as in production)."""
        entry = self.review_a.with_user(self.user_a).send_reply(
            "Could you tell us more?"
        )
        entry.sudo()._submit_customer_answer(text)
        self.env["review.conversation.entry"]._cron_notify_customer_answers()

    def _ticket_messages(self, text):
        return self.ticket.message_ids.filtered(lambda m: text in str(m.body))

    def test_answer_posted_on_open_ticket(self):
        self._answer("The <b>soup</b> was cold & salty")
        [message] = self._ticket_messages("was cold")
        self.assertEqual(message.author_id, self.customer)
        self.assertEqual(message.message_type, "comment")
        self.assertIn(
            "The &lt;b&gt;soup&lt;/b&gt; was cold &amp; salty", str(message.body)
        )
        self.assertIn("Carla Customer answered on the review:", str(message.body))
        # not from the customer's address (that would spoof their domain)
        self.assertNotIn("carla@customer.test", message.email_from or "")

    def test_answer_by_email_posted_on_open_ticket(self):
        """An answer to the reply email, through the mail gateway."""
        review = self.review_a.with_user(self.user_a)
        entry = review.send_reply("Could you tell us more?").sudo()
        mail = entry.notification_id.mail_mail_id
        parent = entry.message_id.message_id
        self.env["mail.thread"].message_process(
            None,
            email_message(
                mail.reply_to,
                "Carla Customer <carla@customer.test>",
                "By email: the bread was stale",
                subject=f"Re: {mail.subject}",
                message_id="<helpdesk-answer@customer.test>",
                date=None,
                in_reply_to=parent,
                references=parent,
            ),
        )
        self.assertEqual(self.review_a.conversation_state, "unread")
        [message] = self._ticket_messages("the bread was stale")
        self.assertEqual(message.author_id, self.customer)

    def test_answer_not_posted_on_closed_ticket(self):
        self.ticket.stage_id = self.stage_done
        self.assertEqual(self.review_a.state, "done")
        self._answer("Still waiting for my refund")
        self.assertFalse(self._ticket_messages("Still waiting"))
        # the review itself hears of it (the core: back to the Inbox)
        self.assertEqual(self.review_a.state, "inbox")
        self.assertEqual(self.review_a.conversation_state, "unread")

    def test_answer_without_ticket(self):
        self._answer("Thanks")  # review_a has a ticket; review_b none
        entry = self.review_b.sudo()._receive_customer_answer("Hello", "web")
        self.env["review.conversation.entry"]._cron_notify_customer_answers()
        self.assertFalse(entry.notify_failed)
        self.assertTrue(self._ticket_messages("Thanks"))
