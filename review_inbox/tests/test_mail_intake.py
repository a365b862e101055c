import ast

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import ReviewInboxCase, email_message

DOMAIN = "reviews.example.com"


@tagged("post_install", "-at_install")
class TestMailIntake(ReviewInboxCase, MockSmtplibCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {
                "name": DOMAIN,
                "bounce_alias": "bounce.reviews",
                "catchall_alias": "catchall.reviews",
                "default_from": "notifications",
            }
        )
        cls.company.alias_domain_id = cls.alias_domain
        cls.place_a.write(
            {"alias_name": "place-a", "alias_domain_id": cls.alias_domain.id}
        )
        cls.Review = cls.env["review.message"]

    def _email(
        self, to, body="Is the terrace open on Sundays?", sender=None, **headers
    ):
        """An email of the customer, an answer if ``in_reply_to`` is given."""
        in_reply_to = headers.pop("in_reply_to", None)
        return email_message(
            to,
            sender or "Carla Customer <carla@customer.test>",
            body,
            in_reply_to=in_reply_to,
            references=in_reply_to,
            **headers,
        )

    def _process(self, raw):
        before = self.Review.search([])
        self.env["mail.thread"].message_process(None, raw)
        return self.Review.search([]) - before

    def test_place_alias_configuration(self):
        alias = self.place_a.alias_id
        self.assertEqual(self.place_a.alias_email, f"place-a@{DOMAIN}")
        self.assertEqual(alias.alias_model_id.model, "review.message")
        self.assertEqual(alias.alias_contact, "everyone")
        self.assertEqual(
            ast.literal_eval(alias.alias_defaults),
            {"place_id": self.place_a.id, "company_id": self.company.id},
        )
        self.assertFalse(self.place_b.alias_id, "the alias is optional")

    def test_email_to_place_alias_existing_partner(self):
        review = self._process(self._email(f"place-a@{DOMAIN}"))
        self.assertEqual(len(review), 1)
        self.assertEqual(review.place_id, self.place_a)
        self.assertEqual(review.company_id, self.company)
        self.assertEqual(review.review_type, "message")
        self.assertEqual(review.source, "email")
        self.assertEqual(review.rating, 0)
        self.assertFalse(review.is_alert)
        self.assertEqual(review.body, "Is the terrace open on Sundays?")
        self.assertEqual(str(review.review_date), "2025-05-04 10:00:00")
        self.assertEqual(review.partner_id, self.customer)
        self.assertNotIn(self.customer, review.message_partner_ids)
        message = review.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(message.author_id, self.customer)

    def test_email_from_unknown_sender_creates_partner(self):
        partners_before = self.env["res.partner"].search([])
        review = self._process(
            self._email(f"place-a@{DOMAIN}", sender="Nina New <nina@new.test>")
        )
        partner = self.env["res.partner"].search([]) - partners_before
        self.assertEqual(len(partner), 1)
        self.assertEqual(partner.name, "Nina New")
        self.assertEqual(partner.email, "nina@new.test")
        self.assertEqual(partner.company_id, self.company)
        self.assertEqual(review.partner_id, partner)
        self.assertNotIn(partner, review.message_partner_ids)

    def test_email_quotes_dropped(self):
        review = self._process(
            self._email(
                f"place-a@{DOMAIN}",
                body="Thanks!\n\nOn Sunday, Bob wrote:\n> an old message\n",
            )
        )
        # as for answers by email: the quoted lines go, the "wrote:" line stays
        self.assertTrue(review.body.startswith("Thanks!"))
        self.assertNotIn("an old message", review.body)
        self.assertNotIn(">", review.body)

    def test_email_to_company_alias_lands_on_default_place(self):
        self.company.write(
            {"review_default_place_id": self.place_b.id, "review_alias_name": "care"}
        )
        alias = self.company.review_alias_id
        self.assertEqual(alias.alias_full_name, f"care@{DOMAIN}")
        self.assertEqual(self.company.review_alias_name, "care")
        review = self._process(self._email(f"care@{DOMAIN}"))
        self.assertEqual(len(review), 1)
        self.assertEqual(review.place_id, self.place_b)
        self.assertEqual(review.review_type, "message")
        self.assertEqual(review.source, "email")
        # the default place is read when the email arrives
        self.company.review_default_place_id = self.place_a
        review = self._process(
            self._email(f"care@{DOMAIN}", message_id="<question-2@customer.test>")
        )
        self.assertEqual(review.place_id, self.place_a)

    def test_company_alias_from_settings(self):
        settings = (
            self.env["review.inbox.settings"]
            .with_company(self.company)
            .create(
                {
                    "review_default_place_id": self.place_b.id,
                    "review_alias_name": "hello",
                }
            )
        )
        settings.execute()
        self.assertEqual(self.company.review_default_place_id, self.place_b)
        self.assertEqual(self.company.review_alias_id.alias_name, "hello")

    def test_company_alias_without_default_place_refused(self):
        with self.assertRaises(ValueError):
            self.Review.message_new(
                {"email_from": "carla@customer.test", "body": "Hi"},
                {"company_id": self.company.id},
            )
        with self.assertRaises(ValueError):
            self.Review.message_new({"email_from": "carla@customer.test"}, {})

    def test_answer_to_reply_stays_in_conversation(self):
        entry = self.review_a.with_user(self.user_a).send_reply("Thanks for coming")
        parent_msg_id = entry.sudo().message_id.message_id
        new = self._process(
            self._email(
                f"place-a@{DOMAIN}",
                body="Happy to come back!",
                in_reply_to=parent_msg_id,
                message_id="<answer-1@customer.test>",
            )
        )
        self.assertFalse(new, "an answer never becomes a new review")
        answer = self.review_a.conversation_entry_ids.filtered(
            lambda e: e.author_type == "customer"
        )
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.body, "Happy to come back!")
        self.assertEqual(self.review_a.conversation_state, "unread")

    def test_answer_needs_the_customer_alone_in_from(self):
        """The gateway takes the first address of the From as its author: an
        answer counts only when the raw From holds exactly one valid
        address, the customer's."""
        entry = self.review_a.with_user(self.user_a).send_reply("Thanks for coming")
        parent_msg_id = entry.sudo().message_id.message_id
        spoofed = [
            "carla@customer.test <eve@evil.test>",
            '"carla@customer.test" <eve@evil.test>',
            "carla@customer.test, eve@evil.test",
            "Carla <carla@customer.test>, Eve <eve@evil.test>",
            "eve@evil.test, carla@customer.test",
            "Carla <carla@customer.test> <eve@evil.test>",
            "carla@customer.test eve@evil.test",
            "carla@customer.test;eve@evil.test",
            "Carla <carla@customer.test>, Carla <carla@customer.test>",
            "Eve <eve@evil.test>",
            "carla@customer.test.evil.test",
            "=?utf-8?q?carla=40customer=2Etest?= <eve@evil.test>",
        ]
        genuine = [
            "Carla Customer <carla@customer.test>",
            "carla@customer.test",
            "CARLA@Customer.Test",
            '"Customer, Carla" <carla@customer.test>',
            "Carlà Custömer <carla@customer.test>",
        ]
        Message = self.env["mail.message"].sudo()

        def answers():
            return self.review_a.conversation_entry_ids.filtered(
                lambda e: e.author_type == "customer"
            )

        for index, sender in enumerate(spoofed + genuine):
            with self.subTest(sender=sender):
                message_id = f"<from-shape-{index}@customer.test>"
                new = self._process(
                    self._email(
                        f"place-a@{DOMAIN}",
                        body=f"Answer number {index}",
                        sender=sender,
                        in_reply_to=parent_msg_id,
                        message_id=message_id,
                    )
                )
                self.assertFalse(new, "an answer never becomes a new review")
                posted = Message.search([("message_id", "=", message_id)])
                self.assertEqual(posted.res_id, self.review_a.id)
                stored = answers().filtered(lambda e, p=posted: e.message_id == p)
                if sender in genuine:
                    self.assertEqual(stored.body, f"Answer number {index}")
                else:
                    self.assertFalse(stored, "not the customer's answer")
        self.assertEqual(len(answers()), len(genuine))
        # two From headers, Carla's first: the gateway's author would be her
        raw = self._email(
            f"place-a@{DOMAIN}",
            body="Two senders",
            in_reply_to=parent_msg_id,
            message_id="<from-shape-twice@customer.test>",
        )
        self.assertIn("\nTo: ", raw)
        raw = raw.replace("\nTo: ", "\nFrom: eve@evil.test\nTo: ", 1)
        self.assertFalse(self._process(raw))
        posted = Message.search(
            [("message_id", "=", "<from-shape-twice@customer.test>")]
        )
        self.assertEqual(posted.res_id, self.review_a.id)
        self.assertEqual(len(answers()), len(genuine))

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_email_to_unknown_alias_creates_nothing(self):
        with self.assertRaises(ValueError):
            self._process(self._email(f"nobody@{DOMAIN}"))
        self.assertFalse(self.Review.search([("source", "=", "email")]))
