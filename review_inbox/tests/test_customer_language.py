import base64
import secrets
from datetime import timedelta
from unittest.mock import patch

from lxml import html as lxml_html

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open
from odoo.tools.translate import code_translations

from .common import PublicFormMixin, ReviewInboxCase
from .test_reply_controller import LINK_RE, ReplyPageMixin

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
FRENCH_BROWSER = {"Accept-Language": "fr-FR,fr;q=0.9"}
# The terms of the customer's pages in French, as the addon's .po files
# would give them (written here: the tests do not depend on those files).
VIEW_TERMS = {
    "review_inbox.reply_page": {"Your answer": "Votre réponse"},
    "review_inbox.reply_thanks": {
        "Thank you for your message": "Merci pour votre message"
    },
    "review_inbox.reply_link_error": {
        "This link can no longer be used": "Ce lien ne peut plus servir",
        "This link is not valid": "Ce lien n'est pas valide",
    },
    "review_inbox.review_form_page": {
        "Tell us about your visit.": "Parlez-nous de votre visite."
    },
    "review_inbox.review_form_thanks": {
        "Thank you for your review": "Merci pour votre avis"
    },
    "review_inbox.review_form_not_found": {
        "This review page does not exist": "Cette page d'avis n'existe pas"
    },
    "review_inbox.review_form_rate_limited": {
        "Too many reviews sent from here": "Trop d'avis envoyés d'ici"
    },
}
CODE_TERMS = {
    "Write your message before sending it.": "Écrivez votre message avant envoi.",
    "Write your review before sending it.": "Écrivez votre avis avant envoi.",
}


@tagged("post_install", "-at_install")
class TestCustomerLanguage(ReplyPageMixin, PublicFormMixin, ReviewInboxCase, HttpCase):
    """Every page the customer sees speaks the customer's language, else the
    company's (the database's when neither is known), never the browser's
    nor the staff's; and shows the company's logo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        for xmlid, terms in VIEW_TERMS.items():
            cls.env.ref(xmlid).update_field_translations("arch_db", {"fr_FR": terms})
        # pages compiled before in French would not have the terms above
        cls.env.registry.clear_cache("templates")
        cls.place_a.with_context(lang="fr_FR").name = "Lieu A"
        cls.customer.lang = "fr_FR"
        cls.user_a.lang = "en_US"
        cls.company.logo = base64.b64encode(
            file_open("review_inbox/static/description/icon.png", "rb").read()
        )
        cls.logo_src = f"/web/binary/company_logo?company={cls.company.id}"

    def setUp(self):
        super().setUp()
        patcher = patch.dict(
            code_translations.python_translations,
            {("review_inbox", "fr_FR"): CODE_TERMS},
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _send(self, body="Bonjour Carla, merci !"):
        entry = self.review_a.with_user(self.user_a).send_reply(body)
        mail = entry.sudo().notification_id.mail_mail_id
        return entry.sudo(), LINK_RE.search(mail.body_html).group(1)

    def _page(self, response, status=200):
        self.assertEqual(response.status_code, status, response.text[:500])
        return lxml_html.fromstring(response.text)

    def _text(self, tree):
        return " ".join(tree.text_content().split())

    def assertFrench(self, tree, *terms):
        self.assertEqual(tree.get("lang"), "fr-FR")
        text = self._text(tree)
        for term in terms:
            self.assertIn(term, text)

    def assertLogo(self, tree):
        self.assertEqual(tree.xpath("//header//img/@src"), [self.logo_src])

    # ------------------------------------------------------------------
    # The reply link's pages
    # ------------------------------------------------------------------

    def test_reply_page_in_customer_language(self):
        entry, token = self._send()
        page = self._page(self._get(token, headers=ENGLISH_BROWSER))
        self.assertFrench(page, "Votre réponse", "Lieu A")
        self.assertNotIn("Your answer", self._text(page))
        self.assertNotIn("Place A", self._text(page))
        self.assertLogo(page)

    def test_reply_page_shows_staff_by_first_name(self):
        self._send()
        self.review_a.with_user(self.manager).send_reply("Second reply")
        entry, token = self._send("Third reply")
        page = self._page(self._get(token, headers=ENGLISH_BROWSER))
        authors = [
            self._text(node).split(" · ")[0]
            for node in page.xpath(
                "//*[hasclass('o_review_reply_entry')]//div[hasclass('small')]"
            )
        ]
        self.assertEqual(authors, ["Alice, Lieu A", "Max, Lieu A", "Alice, Lieu A"])
        self.assertNotIn("Alice PlaceA", self._text(page))
        self.company.review_staff_full_name = True
        page = self._page(self._get(token, headers=ENGLISH_BROWSER))
        self.assertIn("Alice PlaceA, Lieu A", self._text(page))

    def test_refused_answer_in_customer_language(self):
        entry, token = self._send()
        response = self.public_post(
            f"/review/reply/{token}", {"answer": " "}, headers=ENGLISH_BROWSER
        )
        page = self._page(response, 400)
        self.assertFrench(page, "Écrivez votre message avant envoi.", "Lieu A")
        self.assertNotIn("Write your message", self._text(page))
        self.assertLogo(page)

    def test_thanks_page_in_customer_language_with_logo(self):
        entry, token = self._send()
        response = self.public_post(
            f"/review/reply/{token}", {"answer": "Merci"}, headers=ENGLISH_BROWSER
        )
        self.assertEqual(response.status_code, 303)
        thanks = self._page(
            self.url_open(response.headers["Location"], headers=ENGLISH_BROWSER)
        )
        self.assertFrench(thanks, "Merci pour votre message")
        self.assertLogo(thanks)
        # another browser's session knows no answered link: no company shown
        self.opener.cookies.clear()
        other = self._page(
            self.url_open(response.headers["Location"], headers=ENGLISH_BROWSER)
        )
        self.assertFrench(other, "Merci pour votre message")
        self.assertFalse(other.xpath("//header"))

    def test_spent_links_in_customer_language_with_logo(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        self.public_post(f"/review/reply/{token}", {"answer": "Merci"}, csrf_token)
        for method in ("get", "post"):
            with self.subTest(link="used", method=method):
                if method == "get":
                    response = self._get(token, headers=ENGLISH_BROWSER)
                else:
                    response = self.public_post(
                        f"/review/reply/{token}",
                        {"answer": "Encore"},
                        csrf_token,
                        headers=ENGLISH_BROWSER,
                    )
                page = self._page(response, 410)
                self.assertFrench(page, "Ce lien ne peut plus servir")
                self.assertLogo(page)
                self.assertNotIn("Lieu A", self._text(page))
        entry, token = self._send()
        entry.token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        page = self._page(self._get(token, headers=ENGLISH_BROWSER), 410)
        self.assertFrench(page, "Ce lien ne peut plus servir")
        self.assertLogo(page)

    def test_company_language_when_customer_has_none(self):
        self.customer.lang = False
        self.company.partner_id.lang = "fr_FR"
        entry, token = self._send()
        self.assertFrench(
            self._page(self._get(token, headers=ENGLISH_BROWSER)), "Votre réponse"
        )

    def test_unknown_link_in_database_language_not_the_browser(self):
        unknown = f"/review/reply/{secrets.token_urlsafe(32)}"
        page = self._page(self.public_get(unknown, headers=FRENCH_BROWSER), 404)
        self.assertEqual(page.get("lang"), "en-US")
        self.assertIn("This link is not valid", self._text(page))
        self.assertFalse(page.xpath("//img"), "no company of any review")
        self.env["ir.default"].set("res.partner", "lang", "fr_FR")
        page = self._page(self.public_get(unknown, headers=ENGLISH_BROWSER), 404)
        self.assertFrench(page, "Ce lien n'est pas valide")
        self.assertFalse(page.xpath("//img"))

    # ------------------------------------------------------------------
    # The public review form: no customer yet, the place's company's language
    # ------------------------------------------------------------------

    def test_review_form_in_company_language(self):
        self.company.partner_id.lang = "fr_FR"
        path = f"/review/place/{self.place_a.review_form_key}"
        page = self._page(self.public_get(path, headers=ENGLISH_BROWSER))
        self.assertFrench(page, "Parlez-nous de votre visite.", "Lieu A")
        self.assertLogo(page)
        refused = self.public_post(
            path, {"rating": "4", "comment": " "}, headers=ENGLISH_BROWSER
        )
        page = self._page(refused, 400)
        self.assertFrench(page, "Écrivez votre avis avant envoi.", "Lieu A")
        self.assertLogo(page)
        sent = self.public_post(
            path, {"rating": "4", "comment": "Très bien"}, headers=ENGLISH_BROWSER
        )
        self.assertEqual(sent.status_code, 303)
        thanks = self._page(
            self.public_get(sent.headers["Location"], headers=ENGLISH_BROWSER)
        )
        self.assertFrench(thanks, "Merci pour votre avis", "Lieu A")
        self.assertLogo(thanks)

    def test_review_form_english_company_french_browser(self):
        self.company.partner_id.lang = "en_US"
        path = f"/review/place/{self.place_a.review_form_key}"
        page = self._page(self.public_get(path, headers=FRENCH_BROWSER))
        self.assertEqual(page.get("lang"), "en-US")
        self.assertIn("Tell us about your visit.", self._text(page))
        self.assertIn("Place A", self._text(page))

    def test_review_form_rate_limit_and_not_found_pages(self):
        self.company.partner_id.lang = "fr_FR"
        self.company.review_form_rate_limit = 1
        path = f"/review/place/{self.place_a.review_form_key}"
        data = {"rating": "4", "comment": "Bien"}
        self.assertEqual(self.public_post(path, data).status_code, 303)
        limited = self.public_post(path, data, headers=ENGLISH_BROWSER)
        page = self._page(limited, 429)
        self.assertFrench(page, "Trop d'avis envoyés d'ici")
        self.assertLogo(page)
        self.env["ir.default"].set("res.partner", "lang", "fr_FR")
        missing = self.public_get(
            f"/review/place/{secrets.token_urlsafe(16)}", headers=ENGLISH_BROWSER
        )
        page = self._page(missing, 404)
        self.assertFrench(page, "Cette page d'avis n'existe pas")
        self.assertFalse(page.xpath("//img"), "no company of any place")
