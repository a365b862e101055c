import re
from pathlib import Path

from lxml import html as lxml_html

from odoo import models
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from odoo.addons.review_inbox.tests.test_rate_controller import RatePageMixin
from odoo.addons.review_inbox.tests.test_reply_controller import LINK_RE

from .common import GestureCase

# A sentence that ties a review to a change of it: what Google forbids
# (2022) and what a gesture must never ask for.
REVIEW_RE = re.compile(r"\b(reviews?|ratings?|stars?|avis|bewertung\w*)\b", re.I)
CHANGE_RE = re.compile(
    r"\b(change\w*|remov\w*|delet\w*|updat\w*|edit\w*|modif\w*|withdraw\w*|"
    r"take\w* (it )?down|improv\w*|rais\w*|upgrad\w*|revis\w*|in exchange)\b",
    re.I,
)
SENTENCE_RE = re.compile(r"[^.!?:;\n]+")
# What ships words to customers or staff: data, views, wizard, scripts, the
# translations.
SHIPPED = ("data", "demo", "views", "wizard", "static/src", "i18n", "models")
SUFFIXES = (".xml", ".js", ".py", ".po", ".pot")


def conditional_sentences(text):
    return [
        sentence.strip()
        for sentence in SENTENCE_RE.findall(text)
        if REVIEW_RE.search(sentence) and CHANGE_RE.search(sentence)
    ]


def conditional_wording(module, folders=SHIPPED):
    """The sentences of the files a module ships in ``folders`` that tie a
    review to a change of it, by file (relative to the module)."""
    root = Path(get_module_path(module))
    found = {}
    for folder in folders:
        for path in (root / folder).rglob("*"):
            if path.suffix in SUFFIXES:
                sentences = conditional_sentences(path.read_text())
                if sentences:
                    found[str(path.relative_to(root))] = sentences
    return found


@tagged("post_install", "-at_install")
class TestNeverConditional(GestureCase):
    """No wording, template or option of the module asks the customer to
    change or remove a review in exchange for a gesture."""

    def test_the_check_finds_such_wording(self):
        self.assertTrue(
            conditional_sentences("Here is 10 € if you update your review!")
        )
        self.assertTrue(conditional_sentences("Merci de modifier votre avis."))
        self.assertFalse(conditional_sentences("We are sorry, here is 10 €."))

    def test_no_such_wording_in_the_module(self):
        self.assertEqual(conditional_wording("review_inbox_loyalty"), {})

    def test_no_option_of_the_kind(self):
        """The gesture has nothing to set about the review's fate."""
        magic = set(models.MAGIC_COLUMNS) | {"display_name"}
        models_ = (
            "review.gesture.wizard",
            "loyalty.card",
            "res.company",
            "review.message",
            "review.inbox.settings",
        )
        labels = [
            f"{name}: {field.string}. {field.help or ''}"
            for model in models_
            for name, field in self.env[model]._fields.items()
            if name not in magic and field._module == "review_inbox_loyalty"
        ]
        self.assertIn("review_gesture_max_amount", " ".join(labels))
        self.assertFalse([text for text in labels if conditional_sentences(text)])


@tagged("post_install", "-at_install")
class TestCustomerPagesOfferNothing(RatePageMixin, GestureCase, HttpCase):
    """The rating page and the reply email offer no gesture: a gesture is
    offered by staff, once the customer has said what they had to say."""

    OFFER_RE = re.compile(r"coupon|gift|voucher|discount|goodwill|reward", re.I)

    def test_rating_page_offers_nothing(self):
        self.company.review_request_cooldown_days = 0
        _request, token = self._sent_request()
        response = self._get(token)
        self.assertEqual(response.status_code, 200)
        text = lxml_html.fromstring(response.text).text_content()
        self.assertFalse(self.OFFER_RE.findall(text))
        self.assertFalse(conditional_sentences(text))

    def test_reply_email_and_page_add_nothing(self):
        """What the customer reads around a reply with a code is the core's:
        no condition, no other offer."""
        self._offer(self.manager, self.alert_a, self.coupon_10)
        entry = self.alert_a.with_user(self.manager).send_reply("Sorry: {coupon_code}")
        mail = entry.sudo().notification_id.mail_mail_id
        email = lxml_html.fromstring(mail.body_html).text_content()
        self.assertFalse(conditional_sentences(email))
        self.assertEqual(len(self.OFFER_RE.findall(email)), 0)
        token = LINK_RE.search(mail.body_html).group(1)
        page = self.public_get(f"/review/reply/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertFalse(conditional_sentences(page.text))
