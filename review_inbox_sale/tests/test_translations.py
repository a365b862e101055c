import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.review_inbox.tests.test_translations import (
    LANGUAGES,
    PLACEHOLDER_RE,
)


def assert_po_files_complete(case, module):
    """Every language the core ships has a complete translation of
    ``module``'s template, in step with it, placeholders kept."""
    path = get_module_path(module)
    template = polib.pofile(f"{path}/i18n/{module}.pot")
    expected = {(entry.msgctxt, entry.msgid) for entry in template}
    case.assertTrue(expected)
    for lang, name in LANGUAGES.items():
        with case.subTest(lang=lang):
            catalog = polib.pofile(f"{path}/i18n/{name}.po")
            entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}
            case.assertEqual(set(entries), expected, "in step with the .pot")
            case.assertFalse([e.msgid for e in entries.values() if "fuzzy" in e.flags])
            case.assertFalse([e.msgid for e in entries.values() if not e.msgstr])
            for entry in entries.values():
                case.assertEqual(
                    sorted(PLACEHOLDER_RE.findall(entry.msgstr)),
                    sorted(PLACEHOLDER_RE.findall(entry.msgid)),
                    f"placeholders kept in {entry.msgid!r}",
                )


@tagged("post_install", "-at_install")
class TestSaleTranslationFiles(TransactionCase):
    def test_po_files_complete_and_in_step(self):
        assert_po_files_complete(self, "review_inbox_sale")
