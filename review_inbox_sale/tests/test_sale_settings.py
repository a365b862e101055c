from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import ReviewSaleCase


@tagged("post_install", "-at_install")
class TestSaleSettings(ReviewSaleCase):
    """The delay of a sale's rating request, on the Review Inbox settings."""

    def _form(self, user):
        return Form(
            self.env["review.inbox.settings"]
            .with_user(user)
            .with_company(self.company),
            view="review_inbox.review_inbox_settings_view_form",
        )

    def test_default_delay(self):
        company = self.env["res.company"].create({"name": "New Corp"})
        self.assertEqual(company.review_request_sale_delay_hours, 24)

    def test_manager_sets_the_delay(self):
        form = self._form(self.manager)
        self.assertEqual(form.review_request_sale_delay_hours, 24)
        form.review_request_sale_delay_hours = 6
        form.save().execute()
        self.assertEqual(self.company.review_request_sale_delay_hours, 6)
        self.assertEqual(self.company_y.review_request_sale_delay_hours, 24)
        self.assertEqual(self._form(self.manager).review_request_sale_delay_hours, 6)

    def test_out_of_range_refused(self):
        settings = self._form(self.manager).save()
        settings.review_request_sale_delay_hours = -2
        with self.assertRaises(ValidationError):
            settings.execute()
        self.assertEqual(self.company.review_request_sale_delay_hours, 24)

    def test_staff_refused(self):
        with self.assertRaises(AccessError):
            self.env["review.inbox.settings"].with_user(self.user_a).create(
                {"review_request_sale_delay_hours": 1}
            ).execute()
        self.assertEqual(self.company.review_request_sale_delay_hours, 24)
