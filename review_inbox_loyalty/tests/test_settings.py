from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import GestureCase


@tagged("post_install", "-at_install")
class TestGestureSettings(GestureCase):
    """Review managers set, on the Review Inbox settings page, the value up
    to which place staff offer gestures."""

    def _form(self, user, company=None):
        return Form(
            self.env["review.inbox.settings"]
            .with_user(user)
            .with_company(company or self.company),
            view="review_inbox.review_inbox_settings_view_form",
        )

    def test_manager_sets_the_limit(self):
        form = self._form(self.manager)
        self.assertEqual(form.review_gesture_max_amount, 0)
        form.review_gesture_max_amount = 25
        form.save().execute()
        self.assertEqual(self.company.review_gesture_max_amount, 25)
        self.assertEqual(self.company_y.review_gesture_max_amount, 0)
        self.assertEqual(self._form(self.manager).review_gesture_max_amount, 25)
        # and staff may now offer the 10 coupon
        self._offer(self.user_a, self.alert_a, self.coupon_10)

    def test_each_company_its_own(self):
        self.company_y.review_gesture_max_amount = 50
        self.assertEqual(
            self._form(self.manager_y, self.company_y).review_gesture_max_amount, 50
        )
        self.assertEqual(self._form(self.manager).review_gesture_max_amount, 0)

    def test_negative_refused(self):
        form = self._form(self.manager)
        form.review_gesture_max_amount = -1
        with self.assertRaises(ValidationError):
            form.save().execute()
        self.assertEqual(self.company.review_gesture_max_amount, 0)

    def test_staff_cannot_set_it(self):
        with self.assertRaises(AccessError):
            self.env["review.inbox.settings"].with_user(self.user_a).create(
                {"review_gesture_max_amount": 1000}
            )
        self.assertEqual(self.company.review_gesture_max_amount, 0)
