import importlib.util
import re
from datetime import timedelta

from lxml import html as lxml_html

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import ReviewInboxCase

BUTTON_RE = re.compile(r">\s*Reply\s*</a>")


@tagged("post_install", "-at_install")
class TestReplyEmail(ReviewInboxCase):
    """The reply email as the customer receives it: from the place, the
    staff's words without a greeting of the template's own, signed with the
    staff member's first name, in the customer's language."""

    REPLY = "Hi Carla,\nthank you for coming!"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "hello@corp.test"
        cls.template = cls.env.ref("review_inbox.mail_template_review_reply")

    def _send(self, review=None, user=None, lang="en_US"):
        """A staff reply sent from a web client in ``lang``; its email."""
        entry = (
            (review or self.review_a)
            .with_user(user or self.user_a)
            .with_context(lang=lang)
            .send_reply(self.REPLY)
        )
        return entry.sudo(), entry.sudo().notification_id.mail_mail_id

    def _text(self, mail):
        return " ".join(lxml_html.fromstring(mail.body_html).text_content().split())

    def _translate_to_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.template.with_context(
            lang="fr_FR"
        ).subject = "{{ object.place_id.name }} a répondu à votre avis"
        # the body is translated as a whole: its French version, button and all
        body = self.template.with_context(lang="en_US").body_html
        self.assertRegex(body, BUTTON_RE)
        self.template.with_context(lang="fr_FR").body_html = BUTTON_RE.sub(
            ">Répondre</a>", body
        )
        self.place_a.with_context(lang="fr_FR").name = "Lieu A"

    # ------------------------------------------------------------------
    # From and Reply-To
    # ------------------------------------------------------------------

    def test_from_the_place(self):
        _entry, mail = self._send()
        self.assertEqual(mail.email_from, '"Place A" <hello@corp.test>')
        self.place_a.email = "place-a@corp.test"
        _entry, mail = self._send()
        self.assertEqual(mail.email_from, '"Place A" <place-a@corp.test>')
        self.assertNotIn(self.company.name, mail.email_from)
        self.assertNotIn(self.user_a.email, mail.email_from)

    def test_reply_to_brings_the_answer_back(self):
        """Reply-To is the mail gateway's catchall (the customer's answer
        lands in the conversation), else the company's address as before;
        never the place's own mailbox, outside Odoo."""
        self.place_a.email = "place-a@corp.test"
        alias_domain = self.env["mail.alias.domain"].create(
            {"name": "corp.test", "catchall_alias": "catchall"}
        )
        self.company.alias_domain_id = alias_domain
        _entry, mail = self._send()
        self.assertIn("<catchall@corp.test>", mail.reply_to)
        self.company.alias_domain_id = False
        self.env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", "")
        _entry, mail = self._send()
        self.assertEqual(mail.reply_to, self.company.email_formatted)
        self.assertNotIn("place-a@corp.test", mail.reply_to)

    def test_place_email_validated_and_normalized(self):
        self.place_a.email = "  Place-A@Corp.Test "
        self.assertEqual(self.place_a.email, "place-a@corp.test")
        for bad in ("not an address", "a@localhost", "Eve <eve@evil.test>", "a\n@b.c"):
            with self.subTest(email=bad), self.assertRaises(ValidationError):
                self.place_a.email = bad
            self.assertEqual(self.place_a.email, "place-a@corp.test")
        with self.assertRaises(ValidationError):
            self.env["review.place"].create(
                {"name": "Place C", "code": "C", "email": "nope"}
            )
        self.assertFalse(self.env["review.place"].search([("code", "=", "C")]))
        self.place_a.email = False
        self.assertFalse(self.place_a.email)

    # ------------------------------------------------------------------
    # Body and signature
    # ------------------------------------------------------------------

    def test_body_is_the_reply_as_written(self):
        _entry, mail = self._send()
        text = self._text(mail)
        self.assertTrue(text.startswith("Hi Carla, thank you for coming!"), text)
        self.assertNotIn("Hello", text)
        self.assertNotIn("Carla Customer", text)
        self.assertIn(self.review_a.body, text, "the quote of the review")
        tree = lxml_html.fromstring(mail.body_html)
        self.assertEqual(
            [link.text_content().strip() for link in tree.iter("a")], ["Reply"]
        )

    def test_signed_with_first_name(self):
        _entry, mail = self._send()
        text = self._text(mail)
        self.assertIn("Alice, Place A", text)
        self.assertNotIn("Alice PlaceA", text)
        self.company.review_staff_full_name = True
        _entry, mail = self._send()
        self.assertIn("Alice PlaceA, Place A", self._text(mail))

    def test_signed_by_the_author_when_resent_by_another(self):
        """A reply resent with a new link is still signed by its author,
        in its own language."""
        self._translate_to_french()
        self.customer.lang = "fr_FR"
        entry, _mail = self._send()
        self.customer.lang = "en_US"
        entry.token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        # sudo: as the resend wizard does, once its access is checked
        entry.with_user(self.manager).sudo()._resend_reply()
        mail = entry.notification_id.mail_mail_id
        text = self._text(mail)
        self.assertIn("Alice, Lieu A", text)
        self.assertNotIn("Max", text)
        self.assertIn("Répondre", text)
        self.assertEqual(mail.subject, "Lieu A a répondu à votre avis")

    # ------------------------------------------------------------------
    # Language
    # ------------------------------------------------------------------

    def test_in_customer_language_not_the_staff(self):
        self._translate_to_french()
        self.customer.lang = "fr_FR"
        self.user_a.lang = "en_US"
        entry, mail = self._send(lang="en_US")
        self.assertEqual(entry.lang, "fr_FR")
        self.assertEqual(mail.subject, "Lieu A a répondu à votre avis")
        self.assertIn("Répondre", self._text(mail))
        self.assertIn("Alice, Lieu A", self._text(mail))
        self.assertEqual(mail.email_from, '"Lieu A" <hello@corp.test>')
        # a French-speaking member of the staff, an English customer
        self.customer.lang = "en_US"
        self.user_a.lang = "fr_FR"
        entry, mail = self._send(lang="fr_FR")
        self.assertEqual(entry.lang, "en_US")
        self.assertEqual(mail.subject, "Place A replied to your review")
        self.assertNotIn("Répondre", self._text(mail))
        self.assertEqual(mail.email_from, '"Place A" <hello@corp.test>')

    def test_company_language_when_customer_has_none(self):
        self._translate_to_french()
        self.customer.lang = False
        self.company.partner_id.lang = "fr_FR"
        entry, mail = self._send(lang="en_US")
        self.assertEqual(entry.lang, "fr_FR")
        self.assertEqual(mail.subject, "Lieu A a répondu à votre avis")
        self.assertIn("Répondre", self._text(mail))

    # ------------------------------------------------------------------
    # Upgrade
    # ------------------------------------------------------------------

    def _upgrade(self):
        path = file_path("review_inbox/migrations/18.0.1.3.0/post-reply_template.py")
        spec = importlib.util.spec_from_file_location("post_reply_template", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.template.invalidate_recordset()

    def test_upgrade_resets_the_greeting_template(self):
        """The template is noupdate: an upgrade resets the one that still
        greets the customer, not one edited otherwise."""
        current = self.template.body_html
        greeting = "<p>Hello <t t-out=\"object.partner_id.name or ''\">Carla</t>,</p>"
        self.template.write(
            {
                "body_html": greeting + current,
                "email_from": "{{ object.company_id.email_formatted }}",
            }
        )
        self.assertIn("object.partner_id.name", self.template.body_html)
        self._upgrade()
        self.assertNotIn("object.partner_id.name", self.template.body_html)
        self.assertIn("review_reply_author", self.template.body_html)
        self.assertFalse(self.template.email_from)
        edited = "<p>Our own words: <t t-out=\"ctx.get('review_reply_body')\"/></p>"
        self.template.body_html = edited
        self._upgrade()
        self.assertIn("Our own words", self.template.body_html)
