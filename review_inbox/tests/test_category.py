from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


class TestCategoryIcon(ReviewInboxCase):
    """A category's icon is one Font Awesome class: the views put it in a
    class attribute."""

    def test_icon_is_a_font_awesome_class(self):
        category = (
            self.env["review.category"]
            .with_user(self.manager)
            .create({"name": "Terrace", "icon": "fa-sun-o"})
        )
        for icon in ("fa-star", "fa-thumbs-o-up", "fa-500px"):
            category.icon = icon
            self.assertEqual(category.icon, icon)
        category.icon = False
        self.assertEqual(category._icon_data()[category.id], ("fa-tag", "Terrace"))

    def test_other_values_refused(self):
        category = self.env["review.category"].create(
            {"name": "Terrace", "icon": "fa-sun-o"}
        )
        for icon in (
            "star",
            "fa fa-star",
            "fa-star text-danger",
            "fa-Star",
            "fa-",
            'fa-star" onmouseover="alert(1)',
            "fa-star\n",
        ):
            with self.subTest(icon=icon):
                with self.assertRaises(ValidationError) as caught:
                    category.icon = icon
                self.assertIn("is not a Font Awesome icon", str(caught.exception))
                category.invalidate_recordset()
                self.assertEqual(category.icon, "fa-sun-o")
        with self.assertRaises(ValidationError):
            self.env["review.category"].create({"name": "Bad", "icon": "fa fa-x"})


@tagged("post_install", "-at_install")
class TestUiCategory(ReviewInboxCase, HttpCase):
    def test_category_icon_tour(self):
        service = self.env.ref("review_inbox.review_category_service")
        self.assertEqual(service.icon, "fa-bell-o")
        self.start_tour(
            "/odoo/action-review_inbox.review_category_action",
            "review_inbox_category_icon_tour",
            login=self.manager.login,
        )
        self.assertEqual(service.icon, "fa-star")
