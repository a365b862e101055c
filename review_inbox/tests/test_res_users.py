from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestStayAfterActionPreference(ReviewInboxCase):
    """review_stay_after_action: each user's own, set in their Preferences."""

    def test_default_opens_the_next_review(self):
        self.assertFalse(self.user_a.review_stay_after_action)

    def test_users_set_their_own(self):
        me = self.user_a.with_user(self.user_a)
        me.write({"review_stay_after_action": True})
        self.assertTrue(self.user_a.review_stay_after_action)
        self.assertEqual(
            me.read(["review_stay_after_action"])[0]["review_stay_after_action"], True
        )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_nobody_sets_another_users(self):
        with self.assertRaises(AccessError):
            self.user_a.with_user(self.user_b).write({"review_stay_after_action": True})
        self.assertFalse(self.user_a.review_stay_after_action)

    def test_in_the_preferences_of_review_staff(self):
        view = self.env.ref("base.view_users_form_simple_modif")

        def preference_fields(user):
            arch = (
                self.env["res.users"].with_user(user).get_view(view.id, "form")["arch"]
            )
            return etree.fromstring(arch).xpath(
                "//field[@name='review_stay_after_action']"
            )

        [field] = preference_fields(self.user_a)
        self.assertNotEqual(field.get("readonly"), "1", "the user sets it")
        employee = new_test_user(
            self.env, login="plain_employee", groups="base.group_user"
        )
        self.assertFalse(preference_fields(employee), "not for who has no inbox")
