from odoo.tests import TransactionCase, tagged

from odoo.addons.review_inbox.tests.test_translations import assert_po_files_complete


@tagged("post_install", "-at_install")
class TestSaleLoyaltyTranslationFiles(TransactionCase):
    """Every language the core ships has a complete translation of the
    bridge's template."""

    def test_po_files_complete_and_in_step(self):
        assert_po_files_complete(self, "review_inbox_sale_loyalty")
