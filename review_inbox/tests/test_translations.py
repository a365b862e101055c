import re

import polib
from lxml import html as lxml_html

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase
from .test_reply_controller import LINK_RE, ReplyPageMixin

# The languages the addon ships, and their file in i18n/.
LANGUAGES = {
    "fr_FR": "fr",
    "de_DE": "de",
    "es_ES": "es",
    "it_IT": "it",
    "nl_NL": "nl",
}
# What a browser shows of an element besides its text.
SHOWN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label", "value")
PLACEHOLDER_RE = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def i18n_path(name):
    return f"{get_module_path('review_inbox')}/i18n/{name}"


def normalize(text):
    return " ".join(text.split())


def msgid_pattern(msgid):
    """A regular expression matching ``msgid`` once its placeholders are
    filled in, on its normalized text."""
    parts = PLACEHOLDER_RE.split(normalize(msgid))
    return re.compile("^" + ".+".join(re.escape(part) for part in parts) + "$")


def shown_texts(page):
    """Every piece of text a reader of ``page`` (HTML) sees: the text of its
    elements, one node at a time, and their shown attributes."""
    tree = lxml_html.fromstring(page)
    texts = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            if isinstance(element.tag, str) and element.tail:
                texts.append(element.tail)
            continue
        texts += [element.text or "", element.tail or ""]
        texts += [element.get(name) or "" for name in SHOWN_ATTRIBUTES]
    return {normalize(text) for text in texts if text and text.strip()}


class TranslationFilesMixin:
    @classmethod
    def _load_translations(cls, langs=tuple(LANGUAGES), modules=("review_inbox",)):
        """Activate ``langs`` and load the .po files of ``modules`` for them."""
        for lang in langs:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            list(modules), list(langs), overwrite=True
        )


def assert_po_files_complete(case, module):
    """Every language the addon ships has a complete translation of
    ``module``'s template (the core's or a bridge's): its Language header,
    in step with the template, no fuzzy entry, every entry translated, its
    placeholders kept."""
    path = get_module_path(module)
    template = polib.pofile(f"{path}/i18n/{module}.pot")
    expected = {(entry.msgctxt, entry.msgid) for entry in template}
    case.assertTrue(expected)
    for lang, name in LANGUAGES.items():
        with case.subTest(module=module, lang=lang):
            catalog = polib.pofile(f"{path}/i18n/{name}.po")
            case.assertEqual(catalog.metadata.get("Language"), name)
            entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
            case.assertEqual(set(entries), expected, "in step with the .pot")
            case.assertFalse(
                [e.msgid for e in entries.values() if "fuzzy" in e.flags],
                "no fuzzy entry",
            )
            case.assertFalse(
                [e.msgid for e in entries.values() if not e.msgstr],
                "every entry translated",
            )
            for entry in entries.values():
                case.assertEqual(
                    sorted(PLACEHOLDER_RE.findall(entry.msgstr)),
                    sorted(PLACEHOLDER_RE.findall(entry.msgid)),
                    f"placeholders kept in {entry.msgid!r}",
                )


@tagged("post_install", "-at_install")
class TestTranslationFiles(ReviewInboxCase):
    """Every language has a complete translation of the template."""

    def test_po_files_complete_and_in_step(self):
        assert_po_files_complete(self, "review_inbox")


@tagged("post_install", "-at_install")
class TestCustomerPagesTranslated(
    TranslationFilesMixin, ReplyPageMixin, ReviewInboxCase, HttpCase
):
    """What the customer receives and sees shows no English word of the
    addon, in each shipped language."""

    ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_translations()
        cls.template = polib.pofile(i18n_path("review_inbox.pot"))

    def assertTranslated(self, texts, lang, what):
        """None of ``texts`` is an addon's English term that ``lang``
        translates otherwise."""
        catalog = polib.pofile(i18n_path(f"{LANGUAGES[lang]}.po"))
        translated = {
            normalize(entry.msgid): entry.msgstr
            for entry in catalog
            if entry.msgstr and normalize(entry.msgstr) != normalize(entry.msgid)
        }
        patterns = [(msgid_pattern(msgid), msgid) for msgid in translated]
        english = sorted(
            text
            for text in texts
            if text in translated
            or any(pattern.match(text) for pattern, _msgid in patterns)
        )
        self.assertFalse(english, f"{what} in {lang}: English left")
        # and the page does show the language's words
        self.assertTrue(
            texts & {normalize(value) for value in translated.values()},
            f"{what} in {lang}: no translated term found",
        )

    def test_reply_email_and_pages(self):
        for lang in LANGUAGES:
            with self.subTest(lang=lang):
                self.customer.lang = lang
                entry = self.review_a.with_user(self.user_a).send_reply("Merci !")
                mail = entry.sudo().notification_id.mail_mail_id
                self.assertTranslated(
                    shown_texts(mail.body_html) | {normalize(mail.subject)},
                    lang,
                    "reply email",
                )
                token = LINK_RE.search(mail.body_html).group(1)
                path = f"/review/reply/{token}"
                page = self._get(token, headers=self.ENGLISH_BROWSER)
                self.assertEqual(page.status_code, 200)
                self.assertTranslated(shown_texts(page.text), lang, "reply page")
                refused = self.public_post(
                    path, {"answer": ""}, headers=self.ENGLISH_BROWSER
                )
                self.assertEqual(refused.status_code, 400)
                self.assertTranslated(shown_texts(refused.text), lang, "refusal page")
                sent = self.public_post(
                    path, {"answer": "Bien reçu"}, headers=self.ENGLISH_BROWSER
                )
                self.assertEqual(sent.status_code, 303)
                thanks = self.url_open(
                    sent.headers["Location"], headers=self.ENGLISH_BROWSER
                )
                self.assertTranslated(shown_texts(thanks.text), lang, "thank-you page")
                used = self._get(token, headers=self.ENGLISH_BROWSER)
                self.assertEqual(used.status_code, 410)
                self.assertTranslated(shown_texts(used.text), lang, "used link page")

    def test_public_review_form(self):
        path = f"/review/place/{self.place_a.review_form_key}"
        for lang in LANGUAGES:
            with self.subTest(lang=lang):
                self.company.partner_id.lang = lang
                page = self.public_get(path, headers=self.ENGLISH_BROWSER)
                self.assertEqual(page.status_code, 200)
                self.assertTranslated(shown_texts(page.text), lang, "review form")


@tagged("post_install", "-at_install")
class TestInboxInFrench(TranslationFilesMixin, ReviewInboxCase, HttpCase):
    """A French member of staff works in French: the inbox, its columns,
    badges, counters and actions, and what the browser's scripts say."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_translations(("fr_FR",), ("base", "web", "mail", "review_inbox"))
        cls.user_a.lang = "fr_FR"
        cls.review_a.with_user(cls.user_a).send_reply("Merci pour votre visite !")

    def test_inbox_tour_in_french(self):
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_french_tour",
            login="place_a_user",
        )
        self.assertEqual(self.alert_a.state, "done")
