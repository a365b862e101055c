import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.review_inbox.tests.test_translations import assert_po_files_complete

MODULE = "review_inbox_dashboard"


def i18n_path(name):
    return f"{get_module_path(MODULE)}/i18n/{name}"


@tagged("post_install", "-at_install")
class TestDashboardTranslationFiles(TransactionCase):
    """Every language the core ships has a complete translation of the
    bridge's template."""

    def test_po_files_complete_and_in_step(self):
        assert_po_files_complete(self, MODULE)

    def test_translated_in_french(self):
        """The terms reach the user: the dashboard's name and its figures'
        labels in French."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], True)
        catalog = polib.pofile(i18n_path("fr.po"))
        dashboard = self.env.ref(f"{MODULE}.spreadsheet_dashboard_reviews")
        self.assertEqual(
            dashboard.with_context(lang="fr_FR").name, catalog.find("Reviews").msgstr
        )
        # the spreadsheet's own terms, translated by the web client
        self.assertTrue(catalog.find("Group of places").msgstr)
