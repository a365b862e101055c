from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.review_inbox_loyalty.tests.test_never_conditional import (
    conditional_wording,
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
        self.assertTrue(list((root / "demo").glob("*.xml")), "the demo is read")
        self.assertEqual(conditional_wording("review_inbox_sale_loyalty", SHIPPED), {})
