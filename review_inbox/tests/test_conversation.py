import hashlib
import re
import smtplib
import threading
from datetime import datetime, timedelta
from unittest.mock import patch

import psycopg2.errors
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.base.tests.common import MockSmtplibCase
from odoo.addons.review_inbox.models.review_conversation import (
    RETRY_DELAYS,
    ReplyAnswerRefused,
    ReplyLinkGone,
)

from .common import (
    CommittedRaceCase,
    ReviewInboxCase,
    email_message,
    run_concurrently,
)

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
NOW = datetime(2025, 5, 4, 10, 0, 0)


@tagged("post_install", "-at_install")
class TestConversation(ReviewInboxCase, MockSmtplibCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["review.conversation.entry"]
        cls.base_url = cls.env["ir.config_parameter"].sudo().get_param("web.base.url")
        # What the database held before (the demo's conversations, their
        # replies queued, an answer to notify) is not these tests': out of
        # the jobs and the queue that they run
        cls.Entry.search([("notify_pending", "=", True)]).notify_pending = False
        cls.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).write(
            {"state": "cancel"}
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _reply(self, review=None, body="Thank you for your visit!", user=None):
        review = review or self.review_a
        return review.with_user(user or self.user_a).send_reply(body)

    def _customer_mails(self, review=None):
        review = review or self.review_a
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("recipient_ids", "in", self.customer.ids),
                    ("model", "=", "review.message"),
                    ("res_id", "=", review.id),
                ]
            )
        )

    def _reply_mail(self, entry):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "=", entry.sudo().message_id.id)])
        )
        self.assertEqual(len(mail), 1, "one email per staff reply")
        return mail

    def _token(self, mail):
        links = re.findall(
            re.escape(self.base_url) + r"/review/reply/([^\"'<>\s]*)", mail.body_html
        )
        self.assertEqual(len(links), 1, "the email carries one reply link")
        return links[0]

    def _entries(self, review=None):
        return self.Entry.sudo().search(
            [("review_id", "=", (review or self.review_a).id)]
        )

    def _customer_entry(self):
        entry = self._entries().filtered(lambda e: e.author_type == "customer")
        self.assertEqual(len(entry), 1)
        return entry

    def _answer(self, review=None, body="See you next week."):
        # as the reply page does once the link is checked and claimed, then
        # the job that puts it in the chatter and tells the staff
        entry = (review or self.review_a).sudo()._receive_customer_answer(body, "web")
        self.env["review.conversation.entry"]._cron_notify_customer_answers()
        return entry

    def _triggers(self, cron_xmlid):
        cron = self.env.ref(cron_xmlid)
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

    def _new_messages(self, review, after_id):
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "review.message"),
                    ("res_id", "=", review.id),
                    ("id", ">", after_id),
                ]
            )
        )

    def _notified_partners(self, messages):
        return messages.notification_ids.res_partner_id

    def _last_message_id(self):
        return self.env["mail.message"].sudo().search([], order="id desc", limit=1).id

    # ------------------------------------------------------------------
    # 1. Sending a reply
    # ------------------------------------------------------------------

    def test_send_reply_entry_and_status(self):
        with freeze_time(NOW):
            entry = self._reply(body="  Thank you Carla!  ")
        self.assertEqual(entry._name, "review.conversation.entry")
        self.assertEqual(entry.author_type, "staff")
        self.assertEqual(entry.author_id, self.user_a.partner_id)
        self.assertEqual(entry.body, "Thank you Carla!")
        self.assertEqual(entry.date, NOW)
        self.assertEqual(entry.review_id, self.review_a)
        self.assertNotIn("conversation_id", entry._fields, "entries are the review's")
        self.assertEqual(entry.delivery_state, "queued")
        review = self.review_a
        self.assertEqual(review.conversation_state, "awaiting")
        self.assertEqual(review.conversation_date, NOW)
        self.assertEqual(review.conversation_author_id, self.user_a.partner_id)
        self.assertTrue(review.is_treated)
        self.assertEqual(review.last_action_date, NOW)
        self.assertEqual(review.conversation_entry_ids, entry)
        self.assertFalse(review.reply_not_delivered)
        # the staff see it, as the place's staff
        self.assertEqual(
            review.with_user(self.user_a).conversation_entry_ids.body,
            "Thank you Carla!",
        )

    def test_one_conversation_per_review(self):
        """The entries of a review are its conversation: no model between."""
        self.assertNotIn("review.conversation", self.env.registry)
        first = self._reply(body="First")
        second = self._reply(body="Second")
        self.assertEqual(self._entries(), first | second)
        self.assertEqual(
            self.review_a.conversation_entry_ids.mapped("body"), ["First", "Second"]
        )
        # another review gets its own
        other = self._reply(review=self.alert_a)
        self.assertEqual(self.alert_a.conversation_entry_ids, other)
        self.assertNotIn(other, self.review_a.conversation_entry_ids)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'review_conversation_entry'"
            " AND column_name = 'conversation_id'"
        )
        self.assertFalse(self.env.cr.fetchall())

    def test_reply_email_queued_to_customer(self):
        entry = self._reply(body="Thanks <b>Carla</b> & see you!\nAlice")
        mail = self._reply_mail(entry)
        self.assertEqual(self._customer_mails(), mail, "one email, to the customer")
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertFalse(mail.email_to)
        self.assertIn("Thanks &lt;b&gt;Carla&lt;/b&gt; &amp; see you!", mail.body_html)
        self.assertNotIn("<b>Carla</b>", mail.body_html)
        self.assertIn(self.review_a.body, mail.body_html, "quote of the review")
        self.assertIn(self.place_a.name, mail.subject)
        self.assertTrue(mail.reply_to)
        notification = entry.sudo().notification_id
        self.assertEqual(notification.res_partner_id, self.customer)
        self.assertEqual(notification.mail_mail_id, mail)
        self.assertEqual(notification.notification_status, "ready")

    def test_reply_email_quotes_a_short_part_of_the_review(self):
        self.review_a.body = "Long story. " * 100
        mail = self._reply_mail(self._reply())
        self.assertIn(self.review_a.body[:300] + "…", mail.body_html)
        self.assertNotIn(self.review_a.body[:400], mail.body_html)

    def test_reply_link_token_only_its_hash_is_stored(self):
        entry = self._reply(body="Come back soon")
        mail = self._reply_mail(entry)
        self.assertIn(f'href="{self.base_url}/review/reply/', mail.body_html)
        token = self._token(mail)
        self.assertRegex(token, TOKEN_RE)
        self.assertEqual(
            entry.sudo().token_hash, hashlib.sha256(token.encode()).hexdigest()
        )
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM review_conversation_entry")
        for row in self.env.cr.fetchall():
            for value in row:
                self.assertNotIn(token, str(value))
        message = entry.sudo().message_id
        self.assertTrue(message)
        self.assertIn("Come back soon", message.body)
        self.assertNotIn(token, message.body)
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM mail_message WHERE body::text LIKE %s",
                f"%{token}%",
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        # the staff cannot read the hash
        with self.assertRaises(AccessError):
            entry.with_user(self.user_a).read(["token_hash"])

    def test_reply_link_expiry_follows_setting(self):
        self.assertEqual(self.company.review_reply_link_validity, 30)
        with freeze_time(NOW):
            entry = self._reply()
        self.assertEqual(entry.token_expiry, NOW + timedelta(days=30))
        self.company.review_reply_link_validity = 7
        with freeze_time(NOW):
            entry = self._reply()
        self.assertEqual(entry.token_expiry, NOW + timedelta(days=7))

    def test_reply_email_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("review_inbox.mail_template_review_reply")
        template.with_context(
            lang="fr_FR"
        ).subject = "{{ object.place_id.name }} a répondu à votre avis"
        self.customer.lang = "fr_FR"
        mail = self._reply_mail(self._reply())
        self.assertEqual(mail.subject, "Place A a répondu à votre avis")
        self.customer.lang = "en_US"
        mail = self._reply_mail(self._reply())
        self.assertEqual(mail.subject, "Place A replied to your review")

    # ------------------------------------------------------------------
    # 2. Refused replies save nothing
    # ------------------------------------------------------------------

    def _assert_nothing_sent(self, review):
        self.assertFalse(self._entries(review))
        self.assertFalse(self._customer_mails(review))
        self.assertEqual(review.conversation_state, "none")
        self.assertFalse(review.conversation_date)
        self.assertFalse(review.is_treated)

    def test_reply_body_required_and_limited(self):
        for body in ("", "   \n\t ", False, "x" * 5001):
            with self.subTest(body=body), self.assertRaises(UserError):
                self._reply(body=body)
        self._assert_nothing_sent(self.review_a)
        self.assertTrue(self._reply(body="x" * 5000), "5000 characters are allowed")

    def test_reply_needs_customer_email(self):
        self.customer.email = False
        with self.assertRaises(UserError):
            self._reply()
        self.customer.email = "not an email"
        with self.assertRaises(UserError):
            self._reply()
        self._assert_nothing_sent(self.review_a)
        anonymous = self.env["review.message"].create(
            {"place_id": self.place_a.id, "body": "No name"}
        )
        with self.assertRaises(UserError):
            self._reply(review=anonymous)
        self._assert_nothing_sent(anonymous)

    def test_reply_access(self):
        with self.assertRaises(AccessError):
            self._reply(user=self.user_b)
        with self.assertRaises(AccessError):
            self._reply(user=self.viewer)
        self._assert_nothing_sent(self.review_a)
        with self.assertRaises(AccessError):
            self._reply(review=self.review_y, user=self.manager)
        self._assert_nothing_sent(self.review_y)

    # ------------------------------------------------------------------
    # 3. The one-time link
    # ------------------------------------------------------------------

    def test_link_lifecycle(self):
        entry = self._reply()
        token = self._token(self._reply_mail(entry))
        self.assertFalse(self.Entry._from_token("x" * 43))
        other = token[:-1] + ("E" if token[-1] == "A" else "A")
        self.assertFalse(self.Entry._from_token(other), "one character off")
        self.assertFalse(self.Entry._from_token(""))
        found = self.Entry._from_token(token)
        self.assertEqual(found, entry)
        self.assertEqual(found._link_status(), "valid")
        self.assertTrue(found._claim_token())
        self.assertFalse(found._claim_token(), "a link answers once")
        self.assertEqual(found._link_status(), "used")
        self.assertTrue(found.token_used_date)

    def test_link_expired(self):
        entry = self._reply()
        token = self._token(self._reply_mail(entry))
        entry.sudo().token_expiry = fields.Datetime.now() - timedelta(seconds=1)
        found = self.Entry._from_token(token)
        self.assertEqual(found._link_status(), "expired")
        self.assertFalse(found._claim_token())
        self.assertFalse(found.token_used_date)
        with freeze_time(NOW):
            entry = self._reply()
        found = self.Entry._from_token(self._token(self._reply_mail(entry)))
        with freeze_time(NOW + timedelta(days=30, seconds=1)):
            self.assertEqual(found._link_status(), "expired")

    def test_each_reply_issues_its_own_link(self):
        first = self._reply(body="First")
        second = self._reply(body="Second")
        token_1 = self._token(self._reply_mail(first))
        token_2 = self._token(self._reply_mail(second))
        self.assertNotEqual(token_1, token_2)
        self.assertNotEqual(first.sudo().token_hash, second.sudo().token_hash)
        self.assertEqual(self.Entry._from_token(token_1), first)
        self.assertEqual(self.Entry._from_token(token_2), second)
        self.assertEqual(first._link_status(), "valid")
        self.assertEqual(second._link_status(), "valid")
        self.assertTrue(second._claim_token())
        self.assertEqual(first._link_status(), "valid", "links are independent")

    # ------------------------------------------------------------------
    # 4. The customer answers
    # ------------------------------------------------------------------

    def test_customer_answer(self):
        with freeze_time(NOW):
            self._reply()
        later = NOW + timedelta(hours=1)
        with freeze_time(later):
            entry = self._answer(body="See you next week.")
        self.assertEqual(entry.author_type, "customer")
        self.assertEqual(entry.author_id, self.customer)
        self.assertEqual(entry.body, "See you next week.")
        self.assertEqual(entry.source, "web")
        self.assertFalse(entry.delivery_state)
        review = self.review_a
        self.assertEqual(review.conversation_state, "unread")
        self.assertEqual(review.conversation_author_id, self.customer)
        self.assertEqual(review.conversation_date, later)
        self.assertEqual(review.state, "inbox")
        self.assertEqual(len(review.conversation_entry_ids), 2)
        self.assertEqual(review.conversation_entry_ids[-1], entry)

    def test_customer_answer_on_done_review_back_to_inbox(self):
        self._reply()
        self.review_a.with_user(self.user_a).action_done()
        self._answer()
        self.assertEqual(self.review_a.state, "inbox")

    def test_customer_answer_on_spam_review_stays_spam(self):
        self._reply()
        self.review_a.with_user(self.user_a).action_spam()
        entry = self._answer(body="Not spam!")
        self.assertEqual(self.review_a.state, "spam")
        self.assertEqual(entry.body, "Not spam!")
        self.assertIn(entry, self.review_a.conversation_entry_ids)
        self.assertEqual(self.review_a.conversation_state, "unread")

    def test_customer_answer_notifies_assignee(self):
        self._reply()
        self.review_a.user_id = self.manager
        # notified as the assignee, not only as a follower
        self.review_a.message_unsubscribe(partner_ids=self.manager.partner_id.ids)
        self.assertNotIn(self.user_a.partner_id, self.review_a.message_partner_ids)
        last_id = self._last_message_id()
        self._answer()
        notified = self._notified_partners(self._new_messages(self.review_a, last_id))
        self.assertIn(self.manager.partner_id, notified)
        self.assertNotIn(self.user_a.partner_id, notified, "the assignee handles it")
        self.assertNotIn(self.user_b.partner_id, notified)

    def test_customer_answer_notifies_place_staff_when_unassigned(self):
        self._reply()
        self.assertFalse(self.review_a.user_id)
        last_id = self._last_message_id()
        # The reply page stores the answer and triggers the job, nothing more:
        # the customer's request does not wait for the chatter and the mails.
        entry = self.review_a.sudo()._receive_customer_answer("Hello", "web")
        self.assertEqual(self.review_a.conversation_state, "unread")
        self.assertTrue(entry.notify_pending)
        self.assertFalse(self._new_messages(self.review_a, last_id))
        self.assertTrue(self._triggers("review_inbox.ir_cron_notify_customer_answers"))
        queue = self._triggers("mail.ir_cron_mail_scheduler_action")
        # The job: one chatter message, notified, its emails queued.
        Entry = self.env["review.conversation.entry"]
        self.assertEqual(Entry._cron_notify_customer_answers(), entry)
        self.assertFalse(entry.notify_pending)
        messages = self._new_messages(self.review_a, last_id)
        self.assertEqual(messages, entry.message_id)
        self.assertIn("Hello", messages.body)
        notified = self._notified_partners(messages)
        self.assertIn(self.user_a.partner_id, notified)
        self.assertEqual(
            messages.notification_ids.mail_mail_id.mapped("state"), ["outgoing"]
        )
        self.assertGreater(self._triggers("mail.ir_cron_mail_scheduler_action"), queue)
        # once only
        self.assertFalse(Entry._cron_notify_customer_answers())
        self.assertEqual(self._new_messages(self.review_a, last_id), messages)
        self.assertNotIn(self.user_b.partner_id, notified)
        self.assertNotIn(self.customer, notified, "not told of their own answer")

    def test_submit_customer_answer_one_call(self):
        """The reply page's one call checks, claims, stores and updates."""
        entry = self._reply()
        token = self._token(self._reply_mail(entry))
        entry_sudo = self.Entry._from_token(token)
        for text in ("", "  \n ", "x" * 5001, "Nul\x00byte", "Esc\x1b"):
            with self.subTest(text=text), self.assertRaises(ReplyAnswerRefused):
                entry_sudo._submit_customer_answer(text)
        self.assertEqual(entry_sudo._link_status(), "valid", "the link stays valid")
        self.assertEqual(self._entries(), entry)
        answer = entry_sudo._submit_customer_answer("  Thanks!\r\nBye  ")
        self.assertEqual(answer.body, "Thanks!\nBye")
        self.assertEqual(answer.author_type, "customer")
        self.assertEqual(answer.source, "web")
        self.assertTrue(answer.notify_pending)
        self.assertEqual(self.review_a.conversation_state, "unread")
        self.assertEqual(entry_sudo._link_status(), "used")
        with self.assertRaises(ReplyLinkGone):
            entry_sudo._submit_customer_answer("Again")
        expired = self.Entry._from_token(self._token(self._reply_mail(self._reply())))
        expired.token_expiry = fields.Datetime.now() - timedelta(seconds=1)
        with self.assertRaises(ReplyLinkGone):
            expired._submit_customer_answer("Too late")
        self.assertEqual(len(self._entries().filtered("notify_pending")), 1)

    def test_notify_job_isolates_each_answer(self):
        """One answer whose chatter post fails is logged, marked and skipped:
        the others reach the chatter, this run and the next ones."""
        self._reply()
        self._reply(review=self.alert_a)
        first = self.review_a.sudo()._receive_customer_answer("First", "web")
        second = self.alert_a.sudo()._receive_customer_answer("Second", "web")
        third = self.review_a.sudo()._receive_customer_answer("Third", "web")
        Review = type(self.env["review.message"])
        notify = Review._notify_customer_answer

        def failing_notify(review, entry):
            if entry == first:
                # half done, then broken: nothing of it may stay
                review.sudo().message_post(body="Half posted")
                raise ValueError("chatter is down")
            return notify(review, entry)

        last_id = self._last_message_id()
        with (
            patch.object(Review, "_notify_customer_answer", failing_notify),
            self.assertLogs(
                "odoo.addons.review_inbox.models.review_conversation", "ERROR"
            ) as logs,
        ):
            # one answer a batch: the job goes on from batch to batch
            done = self.Entry._cron_notify_customer_answers(batch=1)
        self.assertEqual(done, first | second | third)
        self.assertEqual(len(logs.output), 1)
        self.assertIn(f"Customer answer {first.id} ", logs.output[0])
        self.assertIn("chatter is down", logs.output[0])
        self.assertTrue(first.notify_failed)
        self.assertFalse(first.notify_pending, "not tried again run after run")
        self.assertFalse(first.message_id)
        for entry in (second, third):
            self.assertFalse(entry.notify_failed)
            self.assertFalse(entry.notify_pending)
            self.assertIn(entry.body, entry.message_id.body)
        new = self._new_messages(self.review_a, last_id) | self._new_messages(
            self.alert_a, last_id
        )
        self.assertNotIn("Half posted", "".join(new.mapped("body")))
        self.assertEqual(new, second.message_id | third.message_id)
        self.assertFalse(self.Entry._cron_notify_customer_answers())

    def test_retry_job_isolates_each_reply(self):
        first = self._reply()
        second = self._reply(review=self.alert_a)
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        self.assertEqual((first | second).mapped("delivery_state"), ["failed"] * 2)
        Entry = type(self.Entry)
        requeue = Entry._requeue_reply_mail

        def failing_requeue(entry):
            if entry == first:
                entry.notification_id.mail_mail_id.mark_outgoing()
                raise ValueError("queue is broken")
            return requeue(entry)

        later = fields.Datetime.now() + timedelta(minutes=RETRY_DELAYS[0] + 1)
        with (
            patch.object(Entry, "_requeue_reply_mail", failing_requeue),
            self.assertLogs(
                "odoo.addons.review_inbox.models.review_conversation", "ERROR"
            ) as logs,
        ):
            retried = self._retry(later)
        self.assertEqual(retried, second)
        self.assertEqual(second.delivery_state, "queued")
        self.assertEqual(len(logs.output), 1)
        self.assertIn(f"entry {first.id} ", logs.output[0])
        self.assertEqual(first.delivery_state, "failed")
        self.assertEqual(
            first.sudo().notification_id.mail_mail_id.state,
            "exception",
            "what the failed retry did is rolled back",
        )
        self.assertEqual(first.retry_count, len(RETRY_DELAYS), "not retried again")
        self.assertFalse(self._retry(later + timedelta(days=1)))

    def test_staff_notification_from_the_company(self):
        """Without an alias domain, the staff's emails about an answer come
        from the company, never from the customer's address."""
        self.company.write({"alias_domain_id": False, "email": "hello@corp.test"})
        self.env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", "")
        entry = self._reply()
        # from the reply page, through the job
        web = self._answer(body="By the page")
        # by email, posted by the mail gateway
        self.env["mail.thread"].message_process(
            None, self._customer_email(entry, "By email")
        )
        by_email = self._entries().filtered(lambda e: e.source == "email")
        self.assertEqual(web.message_id.author_id, self.customer, "chatter author")
        staff_mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "review.message"),
                    ("res_id", "=", self.review_a.id),
                    ("recipient_ids", "in", self.user_a.partner_id.ids),
                ]
            )
        )
        self.assertEqual(len(staff_mails), 2, "one email per answer")
        self.assertIn(web.message_id, staff_mails.mail_message_id)
        self.assertNotIn(by_email.message_id, staff_mails.mail_message_id)
        for mail in staff_mails:
            with self.subTest(mail=mail.subject):
                self.assertEqual(mail.email_from, self.company.email_formatted)
                self.assertNotIn(self.customer.email, mail.email_from)
                self.assertNotIn(self.customer.email, mail.reply_to or "")
                self.assertIn("hello@corp.test", mail.reply_to)
                self.assertEqual(mail.author_id, self.customer)

    def test_mark_read(self):
        self._reply()
        with self.assertRaises(UserError):
            self.review_a.with_user(self.user_a).action_mark_read()
        first = self._answer(body="One")
        second = self._answer(body="Two")
        self.assertFalse(first.is_unread)
        self.assertTrue(second.is_unread)
        staff_entry = self.review_a.conversation_entry_ids[0]
        self.assertFalse(staff_entry.is_unread)
        with freeze_time(NOW):
            self.review_a.with_user(self.user_a).action_mark_read()
        review = self.review_a
        self.assertEqual(review.conversation_state, "pending")
        self.assertEqual(review.conversation_author_id, self.user_a.partner_id)
        self.assertEqual(review.conversation_date, NOW)
        self.assertFalse(second.is_unread)
        with self.assertRaises(UserError):
            review.with_user(self.user_a).action_mark_read()
        with self.assertRaises(AccessError):
            review.with_user(self.user_b).action_mark_read()
        # the next reply waits for the customer again
        self._reply()
        self.assertEqual(review.conversation_state, "awaiting")

    def test_mark_read_refused_to_others(self):
        self._reply()
        self._answer()
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.viewer).action_mark_read()
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_b).action_mark_read()
        self.assertEqual(self.review_a.conversation_state, "unread")

    # ------------------------------------------------------------------
    # 5. Answers by email
    # ------------------------------------------------------------------

    def _customer_email(
        self, entry, text, sender="Carla Customer <carla@customer.test>"
    ):
        mail = self._reply_mail(entry)
        parent_msg_id = entry.sudo().message_id.message_id
        self.assertTrue(parent_msg_id)
        return email_message(
            mail.reply_to,
            sender,
            f"{text}\n\nOn Sunday, Place A wrote:\n> {entry.body}\n",
            html=f"<div>{text}</div>"
            '<div class="gmail_quote">On Sunday, Place A wrote:'
            f"<blockquote>{entry.body}<br/>Lovely staff at A</blockquote></div>",
            subject=f"Re: {mail.subject}",
            message_id=f"<answer-{entry.id}-{len(text)}@customer.test>",
            date=None,
            in_reply_to=parent_msg_id,
            references=parent_msg_id,
        )

    def test_answer_by_email(self):
        entry = self._reply(body="Thanks for coming")
        self.review_a.with_user(self.user_a).action_done()
        reviews_before = self.env["review.message"].search_count([])
        with freeze_time(NOW):
            self.env["mail.thread"].message_process(
                None, self._customer_email(entry, "Happy to come back!")
            )
        self.assertEqual(self.env["review.message"].search_count([]), reviews_before)
        answer = self._customer_entry()
        self.assertEqual(answer.author_type, "customer")
        self.assertEqual(answer.author_id, self.customer)
        self.assertEqual(answer.source, "email")
        self.assertEqual(answer.body, "Happy to come back!")
        self.assertNotIn("wrote", answer.body)
        self.assertNotIn("Thanks for coming", answer.body)
        self.assertEqual(answer.message_id.model, "review.message")
        self.assertEqual(answer.message_id.res_id, self.review_a.id)
        review = self.review_a
        self.assertEqual(review.conversation_state, "unread")
        self.assertEqual(review.conversation_author_id, self.customer)
        self.assertEqual(review.conversation_date, NOW)
        self.assertEqual(review.state, "inbox")
        self.assertTrue(answer.is_unread)

    def test_answer_by_plain_text_email(self):
        entry = self._reply(body="Thanks for coming\nAlice")
        raw = email_message(
            self._reply_mail(entry).reply_to,
            self.customer.email,
            "Happy to come back!\nBye\n\nOn Sunday, Place A wrote:\n"
            "> Thanks for coming\n> Alice\n",
            subject="Re: your reply",
            message_id="<plain-answer@customer.test>",
            date=None,
            in_reply_to=entry.sudo().message_id.message_id,
        )
        self.env["mail.thread"].message_process(None, raw)
        answer = self._customer_entry()
        self.assertEqual(answer.author_type, "customer")
        self.assertTrue(answer.body.startswith("Happy to come back!\nBye"))
        self.assertNotIn("Thanks for coming", answer.body)
        self.assertNotIn(">", answer.body)

    def test_email_from_someone_else_is_not_an_answer(self):
        entry = self._reply()
        self.env["mail.thread"].message_process(
            None,
            self._customer_email(
                entry, "I am not Carla", sender="Eve <eve@elsewhere.test>"
            ),
        )
        self.assertEqual(self.review_a.conversation_entry_ids, entry)
        self.assertEqual(self.review_a.conversation_state, "awaiting")

    # ------------------------------------------------------------------
    # 6. Only replies and answers make the conversation
    # ------------------------------------------------------------------

    def test_chatter_traffic_stays_out_of_conversation(self):
        review = self.review_a.with_user(self.user_a)
        review.message_post(
            body="Internal: call her back", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self._entries())
        self.assertEqual(review.conversation_state, "none")
        staff = self._reply(body="Thanks")
        review.message_post(
            body="Internal: she is a regular", subtype_xmlid="mail.mt_note"
        )
        review.action_done()
        review.action_inbox()
        answer = self._answer(body="Welcome")
        review.message_post(body="Internal: done", subtype_xmlid="mail.mt_note")
        # a chatter message is not a reply either
        review.message_post(
            body="Chatter message",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(self._entries(), staff | answer)
        self.assertEqual(review.conversation_entry_ids, staff | answer)
        self.assertEqual(
            review.conversation_entry_ids.mapped("author_type"), ["staff", "customer"]
        )
        self.assertEqual(review.conversation_state, "unread")
        self.assertNotIn("Internal", "".join(self._entries().mapped("body")))

    # ------------------------------------------------------------------
    # 7. Delivery of the reply email
    # ------------------------------------------------------------------

    def _process_queue(self, smtp_down=None, send_error=None):
        """Run the outgoing queue; return what reached the SMTP server."""
        MailServer = type(self.env["ir.mail_server"])
        with (
            self.mock_smtplib_connection(),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            if smtp_down:
                with patch.object(MailServer, "connect", side_effect=smtp_down):
                    self.env["mail.mail"].process_email_queue()
            elif send_error:
                with patch.object(
                    self.testing_smtp_session, "send_message", side_effect=send_error
                ):
                    self.env["mail.mail"].process_email_queue()
            else:
                self.env["mail.mail"].process_email_queue()
        return [
            email
            for email in self.emails
            if self.customer.email in ",".join(email["smtp_to_list"])
        ]

    def _retry(self, at):
        with freeze_time(at):
            return self.Entry._cron_retry_failed_replies()

    def test_failed_reply_shown_retried_and_sent_once(self):
        entry = self._reply()
        mail = self._reply_mail(entry)
        sent = self._process_queue(
            smtp_down=ConnectionRefusedError(111, "Connection refused")
        )
        self.assertFalse(sent)
        self.assertEqual(mail.state, "exception")
        self.assertEqual(entry.delivery_state, "failed")
        self.assertIn("Connection refused", entry.delivery_failure or "")
        review = self.review_a
        self.assertTrue(review.reply_not_delivered)
        Review = self.env["review.message"].with_user(self.user_a)
        self.assertEqual(Review.search([("reply_not_delivered", "=", True)]), review)
        self.assertNotIn(review, Review.search([("reply_not_delivered", "=", False)]))
        # back-off: not before the first delay
        failed_at = mail.write_date
        delay = timedelta(minutes=RETRY_DELAYS[0])
        self.assertFalse(self._retry(failed_at + delay - timedelta(minutes=1)))
        self.assertEqual(mail.state, "exception")
        self.assertEqual(entry.delivery_state, "failed")
        self.assertEqual(entry.retry_count, 0)
        # then queued again through Odoo's own queue
        self.assertEqual(self._retry(failed_at + delay + timedelta(minutes=1)), entry)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(entry.sudo().notification_id.notification_status, "ready")
        self.assertEqual(entry.delivery_state, "queued")
        self.assertEqual(entry.retry_count, 1)
        self.assertFalse(review.reply_not_delivered)
        # the SMTP server is back
        sent = self._process_queue()
        self.assertEqual(len(sent), 1, "sent exactly once")
        self.assertEqual(sent[0]["smtp_to_list"], [self.customer.email])
        self.assertIn("/review/reply/", sent[0]["message"])
        self.assertEqual(entry.delivery_state, "sent")
        self.assertFalse(entry.delivery_failure)
        self.assertFalse(review.reply_not_delivered)
        self.assertFalse(mail.exists(), "the one-time link does not outlive sending")
        # nothing is ever sent twice
        self.assertFalse(self._retry(failed_at + timedelta(days=2)))
        self.assertFalse(self._process_queue())
        self.assertEqual(entry.delivery_state, "sent")

    def test_failed_send_reason_shown(self):
        entry = self._reply()
        sent = self._process_queue(
            send_error=smtplib.SMTPDataError(451, b"Temporary local problem")
        )
        self.assertFalse(sent)
        self.assertEqual(entry.delivery_state, "failed")
        self.assertIn("Temporary local problem", entry.delivery_failure or "")
        self.assertTrue(self.review_a.reply_not_delivered)
        self.assertEqual(entry.sudo().notification_id.failure_type, "unknown")

    def test_refused_address_not_retried(self):
        entry = self._reply()
        self.customer.email = "carla.customer.test"
        self.assertFalse(self._process_queue())
        notification = entry.sudo().notification_id
        self.assertEqual(notification.failure_type, "mail_email_invalid")
        self.assertEqual(entry.delivery_state, "failed")
        self.assertTrue(self.review_a.reply_not_delivered)
        self.assertFalse(self._retry(fields.Datetime.now() + timedelta(days=1)))
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(entry.retry_count, 0)

    def test_retries_are_limited(self):
        entry = self._reply()
        mail = self._reply_mail(entry)
        for attempt, minutes in enumerate(RETRY_DELAYS):
            self._process_queue(smtp_down=TimeoutError("timed out"))
            self.assertEqual(entry.delivery_state, "failed")
            # each delay counts from the previous attempt
            last_try = entry.last_retry_date or mail.write_date
            due_at = last_try + timedelta(minutes=minutes)
            self.assertFalse(self._retry(due_at - timedelta(seconds=30)))
            self.assertEqual(self._retry(due_at + timedelta(seconds=30)), entry)
            self.assertEqual(entry.retry_count, attempt + 1)
        self._process_queue(smtp_down=TimeoutError("timed out"))
        self.assertFalse(self._retry(entry.last_retry_date + timedelta(days=1)))
        self.assertEqual(entry.retry_count, len(RETRY_DELAYS))
        self.assertEqual(entry.delivery_state, "failed")
        self.assertEqual(mail.state, "exception")
        self.assertTrue(self.review_a.reply_not_delivered)

    def test_canceled_mail_not_requeued(self):
        entry = self._reply()
        mail = self._reply_mail(entry)
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        token = self._token(mail)
        mail.cancel()  # an administrator, in Settings > Emails
        self.assertFalse(self._retry(fields.Datetime.now() + timedelta(days=1)))
        self.assertEqual(mail.state, "cancel")
        self.assertFalse(self._process_queue())
        self.assertEqual(self._token_stored_in_mails(token), 0)

    def _resend_wizard(self, entry):
        return (
            self.env["mail.resend.message"]
            .with_user(self.user_a)
            .with_context(mail_message_to_resend=entry.message_id.id)
            .create({})
        )

    def _token_stored_in_mails(self, token):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM mail_mail WHERE body_html LIKE %s",
                f"%{token}%",
            )
        )
        return self.env.cr.fetchone()[0]

    def test_failed_reply_resent_with_odoo_wizard(self):
        """The red envelope resends the reply email itself, with its link,
        not a generic copy of the chatter message."""
        entry = self._reply()
        failed_mail = self._reply_mail(entry)
        token = self._token(failed_mail)
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        self.assertEqual(entry.delivery_state, "failed")
        wizard = self._resend_wizard(entry)
        self.assertEqual(wizard.partner_ids.partner_id, self.customer)
        with self.mock_smtplib_connection():
            wizard.resend_mail_action()
        self.assertFalse(self.emails, "no generic email sent at once")
        self.assertEqual(failed_mail.state, "outgoing", "the reply email, queued")
        self.assertEqual(self._token(failed_mail), token)
        self.assertEqual(entry.delivery_state, "queued", "not shown sent before it is")
        self.assertFalse(self.review_a.reply_not_delivered)
        self.assertEqual(self._customer_mails(), failed_mail, "no other email")
        sent = self._process_queue()
        self.assertEqual(len(sent), 1, "sent once")
        self.assertEqual(sent[0]["smtp_to_list"], [self.customer.email])
        self.assertIn("/review/reply/", sent[0]["message"])
        self.assertEqual(entry.delivery_state, "sent")
        self.assertFalse(self.review_a.reply_not_delivered)
        self.assertFalse(failed_mail.exists(), "deleted once sent, its token with it")
        self.assertEqual(self.Entry._from_token(token), entry)
        self.assertEqual(entry._link_status(), "valid", "the customer can answer")
        # the first mail is not sent afterwards by the retry job
        self.assertFalse(self._retry(fields.Datetime.now() + timedelta(days=1)))
        self.assertFalse(self._process_queue())

    def test_resend_of_expired_reply_issues_new_link(self):
        """A reply whose link expired before its email could be sent gets a
        new link and a new email; the old link stops working."""
        entry = self._reply()
        old_token = self._token(self._reply_mail(entry))
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        entry.sudo().token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        self._resend_wizard(entry).resend_mail_action()
        mail = self._reply_mail(entry)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(self._customer_mails(), mail, "the failed one is gone")
        new_token = self._token(mail)
        self.assertNotEqual(new_token, old_token)
        self.assertFalse(self.Entry._from_token(old_token))
        self.assertEqual(self.Entry._from_token(new_token), entry)
        self.assertEqual(entry._link_status(), "valid")
        self.assertEqual(entry.delivery_state, "queued")
        self.assertEqual(len(self._process_queue()), 1)
        self.assertEqual(entry.delivery_state, "sent")

    def test_resend_of_answered_reply_refused(self):
        entry = self._reply()
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        entry.sudo().token_used_date = fields.Datetime.now()
        entry.sudo().token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        with self.assertRaises(UserError):
            self._resend_wizard(entry).resend_mail_action()
        self.assertEqual(entry.delivery_state, "failed")
        self.assertFalse(self._process_queue())

    def test_resend_of_other_messages_unchanged(self):
        """Chatter messages that are not replies resend as Odoo does."""
        message = self.review_a.with_user(self.user_a).message_post(
            body="A chatter message",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.customer
        )
        self.assertEqual(notification.notification_status, "exception")
        wizard = (
            self.env["mail.resend.message"]
            .with_user(self.user_a)
            .with_context(mail_message_to_resend=message.id)
            .create({})
        )
        with self.mock_smtplib_connection():
            wizard.resend_mail_action()
        self.assertEqual(len(self.emails), 1)
        self.assertEqual(notification.notification_status, "sent")

    def test_failed_reply_discarded_with_odoo_wizard(self):
        entry = self._reply()
        mail = self._reply_mail(entry)
        token = self._token(mail)
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        self._resend_wizard(entry).cancel_mail_action()
        self.assertEqual(entry.delivery_state, "canceled")
        self.assertTrue(self.review_a.reply_not_delivered)
        self.assertFalse(self._retry(fields.Datetime.now() + timedelta(days=1)))
        self.assertFalse(self._process_queue())
        # the raw token does not outlive the email given up
        self.assertNotIn("/review/reply/", mail.body_html)
        self.assertEqual(self._token_stored_in_mails(token), 0)

    def test_unchecked_recipient_in_resend_scrubs_link(self):
        entry = self._reply()
        mail = self._reply_mail(entry)
        token = self._token(mail)
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        wizard = self._resend_wizard(entry)
        wizard.partner_ids.resend = False
        wizard.resend_mail_action()
        self.assertEqual(entry.delivery_state, "canceled")
        self.assertEqual(self._token_stored_in_mails(token), 0)

    def test_abandoned_reply_email_deleted_at_link_expiry(self):
        """A failed reply email whose retries are spent stays for staff to
        resend until its link expires; then it goes, its token with it."""
        entry = self._reply()
        mail = self._reply_mail(entry)
        token = self._token(mail)
        self._process_queue(smtp_down=ConnectionRefusedError(111, "refused"))
        entry.sudo().retry_count = len(RETRY_DELAYS)
        self.assertEqual(self._token_stored_in_mails(token), 1, "resendable")
        self._retry(entry.token_expiry - timedelta(minutes=1))
        self.assertTrue(mail.exists())
        self._retry(entry.token_expiry + timedelta(minutes=1))
        self.assertFalse(mail.exists())
        self.assertEqual(self._token_stored_in_mails(token), 0)
        self.assertEqual(entry.delivery_state, "failed")
        self.assertTrue(self.review_a.reply_not_delivered)
        # staff may still resend it: a new link, in a new email
        self._resend_wizard(entry).resend_mail_action()
        self.assertEqual(self._reply_mail(entry).state, "outgoing")
        self.assertNotEqual(self._token(self._reply_mail(entry)), token)

    def test_answer_by_email_does_not_subscribe_customer(self):
        """Odoo's mail gateway subscribes the sender: staff chatter messages
        must not reach the customer afterwards."""
        first = self._reply(body="First")
        self.env["mail.thread"].message_process(
            None, self._customer_email(first, "Answer")
        )
        self.assertNotIn(self.customer, self.review_a.message_partner_ids)

    def test_customer_gets_one_email_per_reply(self):
        """A customer someone made a follower gets a reply once, by its own
        email, not also as a copy of the chatter message."""
        first = self._reply(body="First")
        self.env["mail.thread"].message_process(
            None, self._customer_email(first, "Answer")
        )
        self.review_a.message_subscribe(partner_ids=self.customer.ids)
        last_id = self._last_message_id()
        entry = self._reply(body="Second")
        new_mails = self._customer_mails().filtered(
            lambda m: m.mail_message_id.id > last_id
        )
        self.assertEqual(new_mails, self._reply_mail(entry))
        sent = self._process_queue()
        self.assertEqual(len(sent), 2, "each reply sent once")

    def test_answer_on_page_does_not_subscribe_customer(self):
        self._reply()
        self._answer()
        self.assertNotIn(self.customer, self.review_a.message_partner_ids)


@tagged("post_install", "-at_install")
class TestConversationConcurrency(CommittedRaceCase):
    """Two submissions of one link in separate transactions: one wins."""

    def _race_records(self, env, place, partner):
        review = env["review.message"].create(
            {"place_id": place.id, "partner_id": partner.id, "body": "Race"}
        )
        Entry = env["review.conversation.entry"]
        _token, token_values = Entry._new_token(place.company_id)
        entry = Entry.create(
            dict(token_values, review_id=review.id, author_type="staff", body="Reply")
        )
        return {"entry": entry.id, "review": review.id}

    @mute_logger("odoo.sql_db")
    def test_racing_claims_one_wins(self):
        """P10's rule: two submissions of one link at once store one answer."""
        barrier = threading.Barrier(2)

        def submit(env):
            entry = env["review.conversation.entry"].browse(self.race_ids["entry"])
            # both transactions start seeing the link unused
            unused = not entry.token_used_date
            barrier.wait(timeout=10)
            try:
                # the reply page's one call
                entry._submit_customer_answer("Racing answer")
                claimed = True
            except ReplyLinkGone:
                claimed = False
            except psycopg2.errors.SerializationFailure:
                # REPEATABLE READ: the other submission claimed it
                env.cr.rollback()
                claimed = False
            env.cr.commit()
            return unused, claimed

        results = run_concurrently(self.registry, 2, submit, timeout=30)
        self.assertEqual(sorted(results), [(True, False), (True, True)], "one winner")
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM review_conversation_entry"
                    " WHERE id = %s AND token_used_date IS NOT NULL",
                    self.race_ids["entry"],
                )
            )
            self.assertEqual(cr.fetchone()[0], 1)
            cr.execute(
                SQL(
                    "SELECT count(*) FROM review_conversation_entry"
                    " WHERE review_id = %s AND author_type = 'customer'",
                    self.race_ids["review"],
                )
            )
            self.assertEqual(cr.fetchone()[0], 1, "exactly one answer stored")
