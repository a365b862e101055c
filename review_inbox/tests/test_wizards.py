from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import email_split

from .common import ReviewInboxCase

VERBATIM = "The soup was cold and nobody came to our table"


@tagged("post_install", "-at_install")
class TestReviewWizards(ReviewInboxCase):
    """The action wizards of a review, used by the staff of its place."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.company.write(
                {
                    "email": "hello@wizard-corp.test",
                    "review_customer_service_email": "care@wizard-corp.test",
                    "review_properties_definition": [
                        {
                            "name": "segment",
                            "string": "Segment",
                            "type": "selection",
                            "selection": [["gold", "Gold"], ["silver", "Silver"]],
                        },
                        {"name": "age", "string": "Age", "type": "integer"},
                    ],
                }
            )
            cls.user_a2 = new_test_user(
                cls.env,
                login="wiz_staff_a2",
                name="Arthur Staff",
                email="arthur@wizard-corp.test",
                groups="review_inbox.group_review_inbox_user",
                company_id=cls.company.id,
                company_ids=cls.company.ids,
            )
            cls.place_a.user_ids = [Command.link(cls.user_a2.id)]
            # the day of a call back is the user's
            (cls.user_a | cls.user_a2 | cls.user_b).tz = "Europe/Brussels"
            # a customer of their own: the shared one has reviews at place A
            # already, that the customer's history would list
            cls.regular = cls.env["res.partner"].create(
                {
                    "name": "Rita Regular",
                    "email": "rita@customer.test",
                    "phone": "+32 2 555 01 23",
                }
            )
            cls.category = cls.env["review.category"].create({"name": "Wizard Food"})
            cls.review = cls.env["review.message"].create(
                {
                    "place_id": cls.place_a.id,
                    "partner_id": cls.regular.id,
                    "rating": 2,
                    "review_type": "complaint",
                    "body": VERBATIM,
                    "category_ids": [Command.link(cls.category.id)],
                    "customer_properties": {"segment": "gold", "age": 42},
                }
            )
            cls.past_review = cls.env["review.message"].create(
                {
                    "place_id": cls.place_a.id,
                    "partner_id": cls.regular.id,
                    "rating": 5,
                    "body": "Lovely terrace last summer",
                    "review_date": datetime.now() - timedelta(days=300),
                }
            )
            cls.silent_customer = cls.env["res.partner"].create({"name": "No Phone"})
            cls.review_no_phone = cls.env["review.message"].create(
                {
                    "place_id": cls.place_a.id,
                    "partner_id": cls.silent_customer.id,
                    "rating": 3,
                    "body": "Fine",
                }
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _wizard(self, model, review=None, user=None, **values):
        review = review or self.review
        return (
            self.env[model]
            .with_user(user or self.user_a)
            .with_context(active_model="review.message", active_id=review.id)
            .create(values)
        )

    def _messages(self, review):
        return self.env["mail.message"].search(
            [("model", "=", "review.message"), ("res_id", "=", review.id)]
        )

    def _notes(self, review, user=None):
        user = user or self.user_a
        return self._messages(review).filtered(
            lambda message: message.subtype_id == self.env.ref("mail.mt_note")
            and message.author_id == user.partner_id
        )

    def _mails(self, review):
        """Mails sent from a template (not the notifications of the chatter)."""
        return self.env["mail.mail"].search(
            [
                ("model", "=", "review.message"),
                ("res_id", "=", review.id),
                ("message_type", "=", "email_outgoing"),
            ]
        )

    def assertLogged(self, review, *texts, user=None):
        """The action was recorded, by the acting user, in the chatter."""
        self.assertTrue(review.is_treated)
        self.assertTrue(review.last_action_date)
        notes = self._notes(review, user)
        for text in texts:
            self.assertTrue(
                any(text in str(note.body) for note in notes),
                f"{text!r} not logged in {notes.mapped('body')}",
            )

    def assertUntouched(self, review, message_count=0):
        self.assertFalse(review.is_treated)
        self.assertFalse(review.last_action_date)
        self.assertEqual(review.state, "inbox")
        self.assertEqual(len(self._messages(review)), message_count)
        self.assertFalse(self._mails(review))

    # ------------------------------------------------------------------
    # Every wizard
    # ------------------------------------------------------------------

    def test_staff_of_another_place_cannot_act(self):
        count = len(self._messages(self.review))
        for model, values in (
            ("review.hold.wizard", {"reason": "Waiting"}),
            ("review.call.wizard", {"outcome": "reached"}),
            ("review.forward.wizard", {"user_id": self.user_b.id}),
            ("review.delegate.wizard", {"email": "care@wizard-corp.test"}),
            ("review.share.wizard", {"emails": "quality@wizard-corp.test"}),
        ):
            # refused as soon as the wizard is created (see test_wizards_access)
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.user_b).create(
                    dict(values, review_id=self.review.id)
                ).action_confirm()
        self.assertUntouched(self.review, count)

    # ------------------------------------------------------------------
    # Hold
    # ------------------------------------------------------------------

    def test_default_review_from_context(self):
        wizard = self._wizard("review.hold.wizard", reason="Waiting")
        self.assertEqual(wizard.review_id, self.review)
        wizard = (
            self.env["review.hold.wizard"]
            .with_user(self.user_a)
            .with_context(default_review_id=self.past_review.id)
            .create({"reason": "Waiting"})
        )
        self.assertEqual(wizard.review_id, self.past_review)

    def test_hold_requires_a_reason(self):
        count = len(self._messages(self.review))
        wizard = self._wizard("review.hold.wizard", reason="   ")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(self.review.is_on_hold)
        self.assertUntouched(self.review, count)

    def test_hold(self):
        wizard = self._wizard("review.hold.wizard", reason="Waiting for the manager")
        wizard.action_confirm()
        self.assertEqual(self.review.priority, "hold")
        self.assertEqual(self.review.hold_reason, "Waiting for the manager")
        self.assertLogged(self.review, "Waiting for the manager")

    # ------------------------------------------------------------------
    # Call
    # ------------------------------------------------------------------

    def test_call_shows_the_phone(self):
        wizard = self._wizard("review.call.wizard")
        self.assertEqual(wizard.partner_id, self.regular)
        self.assertEqual(wizard.phone, "+32 2 555 01 23")
        self.assertEqual(wizard.hold_reason, "Could not reach the customer by phone")

    def test_call_form(self):
        wizard = (
            self.env["review.call.wizard"]
            .with_user(self.user_a)
            .with_context(default_review_id=self.review.id)
        )
        with Form(wizard) as form:
            self.assertTrue(form._get_modifier("callback_date", "invisible"))
            self.assertTrue(form._get_modifier("put_on_hold", "invisible"))
            form.outcome = "callback"
            self.assertFalse(form._get_modifier("callback_date", "invisible"))
            self.assertTrue(form._get_modifier("callback_date", "required"))
            form.callback_date = datetime(2030, 5, 6, 10, 0)
            form.outcome = "voicemail"
            self.assertFalse(form._get_modifier("put_on_hold", "invisible"))
            self.assertTrue(form._get_modifier("hold_reason", "invisible"))
            form.put_on_hold = True
            self.assertTrue(form._get_modifier("hold_reason", "required"))
        form.record.action_confirm()
        self.assertEqual(self.review.priority, "hold")

    def test_call_reached_is_logged(self):
        wizard = self._wizard(
            "review.call.wizard", outcome="reached", note="Offered a free dessert"
        )
        wizard.action_confirm()
        self.assertLogged(self.review, "Call: Reached", "Offered a free dessert")
        self.assertFalse(self.review.activity_ids)
        self.assertFalse(self.review.is_on_hold)

    def test_call_outcomes_are_logged(self):
        for outcome, label in (
            ("no_answer", "Call: No answer"),
            ("voicemail", "Call: Left a voicemail"),
        ):
            self._wizard("review.call.wizard", outcome=outcome).action_confirm()
            self.assertLogged(self.review, label)
        self.assertFalse(self.review.is_on_hold, "not put on hold unless asked")

    def test_call_back_schedules_a_call_activity(self):
        wizard = self._wizard(
            "review.call.wizard",
            outcome="callback",
            callback_date=datetime(2030, 5, 6, 10, 0),
            note="Call after the lunch rush",
        )
        wizard.action_confirm()
        activity = self.review.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(activity.date_deadline, date(2030, 5, 6))
        self.assertEqual(activity.user_id, self.user_a)
        self.assertIn("Call after the lunch rush", str(activity.note))
        self.assertLogged(self.review, "Call: Call back later")

    def test_call_back_date_is_the_users_day(self):
        # 23:30 UTC is already the next day in Brussels.
        self._wizard(
            "review.call.wizard",
            outcome="callback",
            callback_date=datetime(2030, 5, 6, 23, 30),
        ).action_confirm()
        self.assertEqual(self.review.activity_ids.date_deadline, date(2030, 5, 7))

    def test_call_back_needs_a_date(self):
        count = len(self._messages(self.review))
        wizard = self._wizard("review.call.wizard", outcome="callback")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(self.review.activity_ids)
        self.assertUntouched(self.review, count)

    def test_failed_call_puts_on_hold(self):
        wizard = self._wizard(
            "review.call.wizard", outcome="no_answer", put_on_hold=True
        )
        wizard.action_confirm()
        self.assertTrue(self.review.is_on_hold)
        self.assertEqual(self.review.priority, "hold")
        self.assertEqual(
            self.review.hold_reason, "Could not reach the customer by phone"
        )
        self.assertLogged(
            self.review, "Call: No answer", "Could not reach the customer by phone"
        )

    def test_failed_call_hold_needs_a_reason(self):
        count = len(self._messages(self.review))
        wizard = self._wizard(
            "review.call.wizard",
            outcome="voicemail",
            put_on_hold=True,
            hold_reason=" ",
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(self.review.is_on_hold)
        self.assertUntouched(self.review, count)

    def test_reached_call_does_not_hold(self):
        self._wizard(
            "review.call.wizard", outcome="reached", put_on_hold=True
        ).action_confirm()
        self.assertFalse(self.review.is_on_hold)

    def test_call_without_phone(self):
        with self.assertRaisesRegex(UserError, "no phone number"):
            self._wizard("review.call.wizard", review=self.review_no_phone)
        wizard = (
            self.env["review.call.wizard"]
            .with_user(self.user_a)
            .create({"review_id": self.review_no_phone.id, "outcome": "reached"})
        )
        with self.assertRaisesRegex(UserError, "no phone number"):
            wizard.action_confirm()
        self.assertUntouched(
            self.review_no_phone, len(self._messages(self.review_no_phone))
        )

    # ------------------------------------------------------------------
    # Forward
    # ------------------------------------------------------------------

    def test_forward_to_a_user_without_access(self):
        outsider = new_test_user(
            self.env,
            login="wiz_outsider",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        count = len(self._messages(self.review))
        followers = self.review.message_partner_ids
        for user in (self.user_b, outsider):
            wizard = self._wizard(
                "review.forward.wizard", user_id=user.id, message="Yours"
            )
            with self.assertRaisesRegex(UserError, "cannot access the reviews of"):
                wizard.action_confirm()
        self.assertFalse(self.review.user_id)
        self.assertEqual(self.review.message_partner_ids, followers)
        self.assertUntouched(self.review, count)

    def test_forward_offers_who_can_access_the_place(self):
        manager = new_test_user(
            self.env,
            login="wiz_manager",
            groups="review_inbox.group_review_inbox_manager",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        other_company = self.env["res.company"].create({"name": "Other Wizard Corp"})
        new_test_user(
            self.env,
            login="wiz_manager_other",
            groups="review_inbox.group_review_inbox_manager",
            company_id=other_company.id,
            company_ids=other_company.ids,
        )
        outsider = new_test_user(
            self.env,
            login="wiz_outsider",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        form = Form(
            self.env["review.forward.wizard"]
            .with_user(self.user_a)
            .with_context(active_model="review.message", active_id=self.review.id)
        )
        form.user_id = self.user_a2
        wizard = form.save()
        offered = wizard.allowed_user_ids
        self.assertIn(self.user_a2, offered)
        self.assertIn(manager, offered)
        for user in offered:
            self.assertTrue(
                self.review.with_user(user)
                .with_context(allowed_company_ids=user.company_ids.ids)
                .has_access("read"),
                f"{user.login} is offered but cannot access the review",
            )
        self.assertNotIn(self.user_b, offered, "staff of another place")
        self.assertNotIn(outsider, offered, "not a review user")
        self.assertFalse(
            offered.filtered(lambda user: other_company in user.company_ids),
            "managers of another company",
        )
        # the field offers them and only them
        field_domain = self.env["review.forward.wizard"]._fields["user_id"].domain
        self.assertEqual(field_domain, "[('id', 'in', allowed_user_ids)]")
        wizard.action_confirm()
        self.assertEqual(self.review.user_id, self.user_a2)

    def test_forward(self):
        wizard = self._wizard(
            "review.forward.wizard",
            user_id=self.user_a2.id,
            message="Can you call her back?",
        )
        wizard.action_confirm()
        self.assertEqual(self.review.user_id, self.user_a2)
        self.assertIn(self.user_a2.partner_id, self.review.message_partner_ids)
        notification = self._messages(self.review).filtered(
            lambda message: message.message_type == "user_notification"
        )
        self.assertEqual(len(notification), 1)
        self.assertEqual(notification.partner_ids, self.user_a2.partner_id)
        self.assertIn("Can you call her back?", str(notification.body))
        self.assertIn(
            self.user_a2.partner_id,
            notification.notification_ids.res_partner_id,
        )
        self.assertLogged(
            self.review, "Forwarded to Arthur Staff", "Can you call her back?"
        )

    # ------------------------------------------------------------------
    # Delegate
    # ------------------------------------------------------------------

    def test_delegate_without_address(self):
        self.company.review_customer_service_email = False
        count = len(self._messages(self.review))
        wizard = self._wizard("review.delegate.wizard")
        self.assertFalse(wizard.email)
        with self.assertRaisesRegex(UserError, "Configuration > Settings"):
            wizard.action_confirm()
        self.assertFalse(self.review.is_delegated)
        self.assertUntouched(self.review, count)

    def test_delegate_bad_address(self):
        count = len(self._messages(self.review))
        wizard = self._wizard("review.delegate.wizard", email="care-at-corp")
        with self.assertRaisesRegex(UserError, "care-at-corp"):
            wizard.action_confirm()
        self.assertFalse(self.review.is_delegated)
        self.assertUntouched(self.review, count)

    def test_delegate(self):
        wizard = self._wizard("review.delegate.wizard", note="A regular customer")
        self.assertEqual(wizard.email, "care@wizard-corp.test")
        wizard.action_confirm()

        mail = self._mails(self.review)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "care@wizard-corp.test")
        self.assertFalse(mail.recipient_ids)
        self.assertEqual(mail.author_id, self.user_a.partner_id)
        body = str(mail.body_html)
        for text in (
            VERBATIM,
            "Place A",
            "Complaint",
            "Wizard Food",
            "Rita Regular",
            "rita@customer.test",
            "+32 2 555 01 23",
            "Segment",
            "Gold",
            "42",
            "Lovely terrace last summer",
            "A regular customer",
        ):
            self.assertIn(text, body)

        self.assertEqual(self.review.state, "done")
        self.assertTrue(self.review.is_delegated)
        self.assertEqual(self.review.delegated_to, "care@wizard-corp.test")
        self.assertLogged(
            self.review,
            "Delegated to customer service (care@wizard-corp.test)",
            "A regular customer",
        )

    def test_delegate_typed_address(self):
        self.company.review_customer_service_email = False
        self._wizard(
            "review.delegate.wizard", email="Quality <Quality@Wizard-Corp.test>"
        ).action_confirm()
        self.assertEqual(self._mails(self.review).email_to, "quality@wizard-corp.test")
        self.assertEqual(self.review.delegated_to, "quality@wizard-corp.test")

    def test_delegate_history_is_capped(self):
        Review = self.env["review.message"]
        for days in range(1, 12):
            Review.create(
                {
                    "place_id": self.place_a.id,
                    "partner_id": self.regular.id,
                    "body": f"History entry {days:02d} " + "x" * 250,
                    "review_date": datetime.now() - timedelta(days=days),
                }
            )
        self._wizard("review.delegate.wizard").action_confirm()
        body = str(self._mails(self.review).body_html)
        for days in range(1, 11):
            self.assertIn(f"History entry {days:02d}", body)
        self.assertNotIn("History entry 11", body)
        self.assertNotIn("Lovely terrace last summer", body, "older than 10")
        self.assertNotIn("x" * 250, body, "bodies are shortened")

    # ------------------------------------------------------------------
    # Share
    # ------------------------------------------------------------------

    def test_share(self):
        self.review.user_id = self.user_a
        colleague = self.user_b.partner_id
        wizard = self._wizard(
            "review.share.wizard",
            partner_ids=[Command.set(colleague.ids)],
            emails="quality@wizard-corp.test; chef@wizard-corp.test",
            note="For the next team meeting",
        )
        wizard.action_confirm()

        # one email per recipient: nobody sees who else received it
        mails = self._mails(self.review)
        self.assertEqual(len(mails), 3)
        to_colleague = mails.filtered("recipient_ids")
        self.assertEqual(to_colleague.recipient_ids, colleague)
        self.assertFalse(to_colleague.email_to)
        self.assertEqual(
            sorted((mails - to_colleague).mapped("email_to")),
            ["chef@wizard-corp.test", "quality@wizard-corp.test"],
        )
        self.assertFalse((mails - to_colleague).recipient_ids)
        for mail in mails:
            body = str(mail.body_html)
            for text in (
                VERBATIM,
                "+32 2 555 01 23",
                "Gold",
                "For the next team meeting",
                "Shared by",
                "Alice PlaceA",
            ):
                self.assertIn(text, body)
            self.assertNotIn("Lovely terrace last summer", body, "no history")

        self.assertEqual(self.review.state, "inbox")
        self.assertEqual(self.review.user_id, self.user_a)
        self.assertFalse(self.review.is_delegated)
        # logged once, but for information: the customer was not answered
        self.assertFalse(self.review.is_treated)
        self.assertFalse(self.review.last_action_date)
        shared = self._notes(self.review).filtered(
            lambda note: "Shared with" in str(note.body)
        )
        self.assertEqual(len(shared), 1)
        for text in (
            "Shared with Bob PlaceB, quality@wizard-corp.test, chef@wizard-corp.test",
            "For the next team meeting",
        ):
            self.assertIn(text, str(shared.body))

    def test_share_does_not_mark_a_treated_review_again(self):
        self.review.action_done()
        last_action = self.review.last_action_date
        self._wizard(
            "review.share.wizard", emails="q@wizard-corp.test"
        ).action_confirm()
        self.assertEqual(self.review.last_action_date, last_action)
        self.assertEqual(self.review.state, "done")

    def test_share_sends_an_address_once(self):
        colleague = self.user_b.partner_id
        self._wizard(
            "review.share.wizard",
            partner_ids=[Command.set(colleague.ids)],
            emails=f"{colleague.email}, Q@wizard-corp.test q@wizard-corp.test",
        ).action_confirm()
        mails = self._mails(self.review)
        self.assertEqual(len(mails), 2)
        self.assertEqual(mails.recipient_ids, colleague)
        self.assertEqual(mails.filtered("email_to").email_to, "q@wizard-corp.test")

    def test_share_is_capped(self):
        self.assertEqual(self.company.review_share_max_recipients, 10)
        count = len(self._messages(self.review))
        colleague = self.user_b.partner_id
        addresses = " ".join(f"r{n}@wizard-corp.test" for n in range(10))
        wizard = self._wizard(
            "review.share.wizard",
            partner_ids=[Command.set(colleague.ids)],
            emails=addresses,
        )
        with self.assertRaisesRegex(UserError, "at most 10 recipients.*11 chosen"):
            wizard.action_confirm()
        self.assertUntouched(self.review, count)

        many = ", ".join(f"r{n}@wizard-corp.test" for n in range(300))
        wizard = self._wizard("review.share.wizard", emails=many)
        with self.assertRaisesRegex(UserError, "300 chosen"):
            wizard.action_confirm()
        self.assertUntouched(self.review, count)

        self.company.review_share_max_recipients = 11
        self._wizard(
            "review.share.wizard",
            partner_ids=[Command.set(colleague.ids)],
            emails=addresses,
        ).action_confirm()
        mails = self._mails(self.review)
        self.assertEqual(len(mails), 11)
        for mail in mails:
            self.assertEqual(
                len(mail.recipient_ids) + len(email_split(mail.email_to)), 1
            )

    def test_share_cap_setting(self):
        settings = self.env["review.inbox.settings"].create({})
        self.assertEqual(settings.review_share_max_recipients, 10)
        for value in (0, -1, 101):
            with self.assertRaisesRegex(ValidationError, "1 to 100 recipients"):
                self.company.review_share_max_recipients = value
                self.company.flush_recordset()
        settings.company_id = self.company
        settings.review_share_max_recipients = 100
        settings.execute()
        self.assertEqual(self.company.review_share_max_recipients, 100)

    def test_share_needs_a_recipient(self):
        count = len(self._messages(self.review))
        wizard = self._wizard("review.share.wizard", note="FYI")
        with self.assertRaisesRegex(UserError, "at least one recipient"):
            wizard.action_confirm()
        self.assertUntouched(self.review, count)

    def test_share_bad_address(self):
        count = len(self._messages(self.review))
        wizard = self._wizard(
            "review.share.wizard",
            partner_ids=[Command.set(self.user_b.partner_id.ids)],
            emails="good@wizard-corp.test, oops",
        )
        with self.assertRaisesRegex(UserError, "oops"):
            wizard.action_confirm()
        self.assertUntouched(self.review, count)

    def test_share_with_a_contact_without_email(self):
        count = len(self._messages(self.review))
        wizard = self._wizard(
            "review.share.wizard",
            partner_ids=[Command.set(self.silent_customer.ids)],
        )
        with self.assertRaisesRegex(UserError, "No Phone"):
            wizard.action_confirm()
        self.assertUntouched(self.review, count)
