import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.review_inbox.tests.test_translations import (
    LANGUAGES,
    PLACEHOLDER_RE,
)


def i18n_path(name):
    return f"{get_module_path('review_inbox_rating')}/i18n/{name}"


@tagged("post_install", "-at_install")
class TestTranslationFiles(TransactionCase):
    """Every language has a complete translation of the template."""

    def test_po_files_complete_and_in_step(self):
        template = polib.pofile(i18n_path("review_inbox_rating.pot"))
        expected = {(entry.msgctxt, entry.msgid) for entry in template}
        self.assertTrue(expected)
        for lang, name in LANGUAGES.items():
            with self.subTest(lang=lang):
                catalog = polib.pofile(i18n_path(f"{name}.po"))
                self.assertEqual(catalog.metadata.get("Language"), name)
                entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
                self.assertEqual(set(entries), expected, "in step with the .pot")
                self.assertFalse(
                    [e.msgid for e in entries.values() if "fuzzy" in e.flags],
                    "no fuzzy entry",
                )
                self.assertFalse(
                    [e.msgid for e in entries.values() if not e.msgstr],
                    "every entry translated",
                )
                for entry in entries.values():
                    self.assertEqual(
                        sorted(PLACEHOLDER_RE.findall(entry.msgstr)),
                        sorted(PLACEHOLDER_RE.findall(entry.msgid)),
                        f"placeholders kept in {entry.msgid!r}",
                    )
