from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiSettings(ReviewInboxCase, HttpCase):
    def _call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def test_manager_settings_tour(self):
        """A review manager who is not an administrator reaches the settings
        from the menu's action and saves them."""
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.start_tour(
            "/odoo/action-review_inbox.review_inbox_settings_action",
            "review_inbox_settings_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.company.review_alert_threshold, 3)
        self.assertEqual(self.company.review_customer_service_email, "care@tour.test")

    def test_menu_opens_the_settings_page(self):
        menu = self.env.ref("review_inbox.menu_review_inbox_settings")
        self.assertEqual(
            menu.action, self.env.ref("review_inbox.review_inbox_settings_action")
        )
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        )

    def test_administrators_find_the_page_in_settings(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        action = self.env.ref("review_inbox.review_inbox_settings_action")
        self.assertIn(f'name="{action.id}"', arch)

    def test_manager_over_rpc(self):
        """The page's own calls work over RPC; Odoo's settings and system
        parameters stay refused."""
        settings_id = self._call(
            self.manager,
            "review.inbox.settings",
            "create",
            {"review_form_rate_limit": 9},
        )
        self._call(self.manager, "review.inbox.settings", "execute", [settings_id])
        self.company.invalidate_recordset()
        self.assertEqual(self.company.review_form_rate_limit, 9)

        refused = "AccessError|not allowed|access"
        with self.assertRaisesRegex(Fault, refused):
            self._call(
                self.manager,
                "res.config.settings",
                "create",
                {"group_multi_currency": True},
            )
        with self.assertRaisesRegex(Fault, refused):
            self._call(
                self.manager,
                "ir.config_parameter",
                "set_param",
                "base_setup.show_effect",
                "False",
            )
        with self.assertRaisesRegex(Fault, "group_multi_currency"):
            self._call(
                self.manager,
                "review.inbox.settings",
                "create",
                {"group_multi_currency": True},
            )
        with self.assertRaisesRegex(Fault, refused):
            self._call(
                self.manager,
                "review.inbox.settings",
                "create",
                {"company_id": self.company_y.id, "review_form_rate_limit": 9},
            )
        self.env.invalidate_all()
        self.assertFalse(
            self.env.ref("base.group_user").implied_ids
            & self.env.ref("base.group_multi_currency")
        )
        self.assertNotEqual(
            self.env["ir.config_parameter"].get_param("base_setup.show_effect"),
            "False",
        )
        self.assertEqual(self.company_y.review_form_rate_limit, 5)
