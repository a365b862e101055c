from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.review_inbox_loyalty.tests.test_never_conditional import (
    SUFFIXES,
    conditional_sentences,
)

# What this module ships words to customers or staff with.
SHIPPED = ("demo", "wizard", "i18n")


@tagged("post_install", "-at_install")
class TestNeverConditional(TransactionCase):
    """As in the loyalty bridge: no wording of this module, its demo's
    reply included, asks the customer to change or remove a review in
    exchange for a gesture."""

    def test_no_such_wording_in_the_module(self):
        root = Path(get_module_path("review_inbox_sale_loyalty"))
        found = {}
        for folder in SHIPPED:
            for path in (root / folder).rglob("*"):
                if path.suffix in SUFFIXES:
                    sentences = conditional_sentences(path.read_text())
                    if sentences:
                        found[str(path.relative_to(root))] = sentences
        self.assertTrue(list((root / "demo").glob("*.xml")), "the demo was read")
        self.assertEqual(found, {})
