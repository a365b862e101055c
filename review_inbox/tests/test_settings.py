from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import ReviewInboxCase


class TestSettings(ReviewInboxCase):
    """Review managers set the addon's settings, and nothing else."""

    def _settings(self, user, values=None, company=None):
        company = company or self.company
        return (
            self.env["review.inbox.settings"]
            .with_user(user)
            .with_company(company)
            .create(dict(values or {}))
        )

    def test_manager_saves_the_settings(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))
        settings = self._settings(self.manager)
        self.assertEqual(settings.company_id, self.company)
        self.assertEqual(settings.review_customer_service_email, "care@corp.test")
        self.assertEqual(settings.review_alert_threshold, 2)
        settings.write(
            {
                "review_alert_threshold": 3,
                "review_customer_service_email": "help@corp.test",
                "review_reply_link_validity": 7,
                "review_form_rate_limit": 20,
                "review_share_max_recipients": 4,
                "review_default_place_id": self.place_b.id,
                "review_alias_name": "feedback",
            }
        )
        action = settings.execute()
        self.assertEqual(action, {"type": "ir.actions.client", "tag": "reload"})
        company = self.company
        self.assertEqual(company.review_alert_threshold, 3)
        self.assertEqual(company.review_customer_service_email, "help@corp.test")
        self.assertEqual(company.review_reply_link_validity, 7)
        self.assertEqual(company.review_form_rate_limit, 20)
        self.assertEqual(company.review_share_max_recipients, 4)
        self.assertEqual(company.review_default_place_id, self.place_b)
        self.assertEqual(company.review_alias_id.alias_name, "feedback")
        # the next visit shows them
        self.assertEqual(self._settings(self.manager).review_alert_threshold, 3)

    def test_every_company_setting_is_read_and_saved(self):
        """The page's settings are its fields made by company_setting, those
        of the bridges included: each reads its company's field of the same
        name, and only those are saved."""
        Settings = self.env["review.inbox.settings"]
        names = Settings._company_setting_names()
        self.assertIn("review_alert_threshold", names)
        self.assertNotIn("company_id", names)
        company_fields = self.env["res.company"]._fields
        for name in names:
            with self.subTest(setting=name):
                field = Settings._fields[name]
                self.assertEqual(field.compute, "_compute_company_settings")
                self.assertTrue(field.store and not field.readonly)
                self.assertEqual(field.type, company_fields[name].type)
        settings = self._settings(self.manager)
        for name in names:
            with self.subTest(setting=name):
                self.assertEqual(settings[name], self.company[name])

    def test_settings_form_as_manager(self):
        """What the page does: the form's values, saved by its button."""
        form = Form(
            self.env["review.inbox.settings"]
            .with_user(self.manager)
            .with_company(self.company),
            view="review_inbox.review_inbox_settings_view_form",
        )
        form.review_share_max_recipients = 25
        form.save().execute()
        self.assertEqual(self.company.review_share_max_recipients, 25)

    def test_only_managers_and_administrators(self):
        for user in (self.user_a, self.viewer):
            with self.assertRaises(AccessError):
                self._settings(user, {"review_alert_threshold": 4}).execute()
        self.assertEqual(self.company.review_alert_threshold, 2)

    def test_other_company_refused(self):
        """A manager of Review Corp only: Other Corp's settings are not theirs
        to read or change."""
        with self.assertRaises(AccessError):
            self.env["review.inbox.settings"].with_user(self.manager).create(
                {"company_id": self.company_y.id, "review_alert_threshold": 4}
            )
        settings = self._settings(self.manager, {"review_alert_threshold": 4})
        with self.assertRaises(AccessError):
            settings.company_id = self.company_y
            settings.execute()
        self.assertEqual(self.company_y.review_alert_threshold, 2)
        self.assertEqual(self.company.review_alert_threshold, 2)

    def test_manager_cannot_change_other_settings(self):
        """Odoo's own settings stay the administrators': neither Settings nor
        this page changes another app's setting or a system parameter."""
        Settings = self.env["res.config.settings"].with_user(self.manager)
        with self.assertRaises(AccessError):
            Settings.create({"group_multi_currency": True})
        with self.assertRaises(AccessError):
            Settings.create({"show_effect": False})
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.manager).set_param(
                "base_setup.show_effect", "False"
            )
        # this page holds the addon's settings only
        with self.assertRaisesRegex(ValueError, "group_multi_currency"):
            self._settings(self.manager, {"group_multi_currency": True})
        with self.assertRaisesRegex(ValueError, "name"):
            self._settings(self.manager, {"name": "Renamed Corp"})
        self.assertFalse(
            self.env.ref("base.group_user").implied_ids
            & self.env.ref("base.group_multi_currency")
        )
        self.assertEqual(self.company.name, "Review Corp")

    def test_invalid_setting_saves_nothing(self):
        settings = self._settings(
            self.manager,
            {"review_alert_threshold": 4, "review_reply_link_validity": 400},
        )
        # assertRaises (not ...Regex) rolls back, as the request would
        with self.assertRaises(ValidationError) as caught:
            settings.execute()
        self.assertIn("1 to 365 days", str(caught.exception))
        self.assertEqual(self.company.review_alert_threshold, 2)
        self.assertEqual(self.company.review_reply_link_validity, 30)


class TestCustomerServiceEmail(ReviewInboxCase):
    """One rule for the customer service address: the intake's."""

    INVALID = (
        "care",
        "care@localhost",
        "care@@corp.test",
        "Care <care@corp.test>",
        "care@corp.test, boss@corp.test",
        "care@corp.test\nBcc: x@evil.test",
    )

    def test_stored_normalized(self):
        self.company.review_customer_service_email = "  Care@Corp.TEST "
        self.assertEqual(self.company.review_customer_service_email, "care@corp.test")
        company = self.env["res.company"].create(
            {"name": "New Corp", "review_customer_service_email": "Help@New.Test"}
        )
        self.assertEqual(company.review_customer_service_email, "help@new.test")
        settings = (
            self.env["review.inbox.settings"]
            .with_user(self.manager)
            .with_company(self.company)
            .create({"review_customer_service_email": "Desk@Corp.Test"})
        )
        settings.execute()
        self.assertEqual(self.company.review_customer_service_email, "desk@corp.test")
        self.company.review_customer_service_email = ""
        self.assertFalse(self.company.review_customer_service_email)

    def test_invalid_refused(self):
        for email in self.INVALID:
            with self.subTest(email=email):
                with self.assertRaises(ValidationError) as caught:
                    self.company.review_customer_service_email = email
                self.assertIn("is not valid", str(caught.exception))
                self.company.invalidate_recordset()
                self.assertEqual(
                    self.company.review_customer_service_email, "care@corp.test"
                )
        with self.assertRaises(ValidationError):
            self.env["res.company"].create(
                {"name": "Bad Corp", "review_customer_service_email": "care"}
            )
        settings = (
            self.env["review.inbox.settings"]
            .with_user(self.manager)
            .with_company(self.company)
            .create(
                {"review_alert_threshold": 4, "review_customer_service_email": "care@"}
            )
        )
        with self.assertRaises(ValidationError):
            settings.execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.review_customer_service_email, "care@corp.test")
        self.assertEqual(self.company.review_alert_threshold, 2)

    def test_onchange_warns_at_once(self):
        Settings = (
            self.env["review.inbox.settings"]
            .with_user(self.manager)
            .with_company(self.company)
        )
        for email in self.INVALID:
            with self.subTest(email=email):
                settings = Settings.new({"review_customer_service_email": email})
                result = settings._onchange_review_customer_service_email()
                self.assertIn("is not valid", result["warning"]["message"])
        settings = Settings.new({"review_customer_service_email": " Desk@Corp.Test"})
        self.assertFalse(settings._onchange_review_customer_service_email())
        self.assertEqual(settings.review_customer_service_email, "desk@corp.test")
