from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ReviewPosCase


@tagged("post_install", "-at_install")
class TestPosReviewSettings(ReviewPosCase):
    """Where a chain sets its points of sale's ratings."""

    def test_company_delay_on_the_review_settings_page(self):
        self.assertEqual(
            self.env["res.company"]
            .create({"name": "New"})
            .review_request_pos_delay_hours,
            2,
        )
        settings = self.env["review.inbox.settings"].with_user(self.manager).create({})
        self.assertEqual(settings.review_request_pos_delay_hours, 2)
        settings.review_request_pos_delay_hours = 6
        settings.execute()
        self.assertEqual(self.company.review_request_pos_delay_hours, 6)
        arch = self.env["review.inbox.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="review_request_pos_delay_hours"', arch)

    def test_delay_range(self):
        for hours in (-1, 721):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                self.company.review_request_pos_delay_hours = hours

    def test_pos_settings_write_the_point_of_sale(self):
        self.config.write({"review_place_id": False, "review_receipt_qr": False})
        Settings = self.env["res.config.settings"]
        # as the settings form saves: point_of_sale writes its pos_* fields
        # to the point of sale being configured
        Settings.create(
            {
                "pos_config_id": self.config.id,
                "pos_review_place_id": self.place_b.id,
                "pos_review_receipt_qr": True,
            }
        ).execute()
        self.assertEqual(self.config.review_place_id, self.place_b)
        self.assertTrue(self.config.review_receipt_qr)
        views = Settings.get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertIn('name="pos_review_receipt_qr"', arch)

    def test_place_of_the_same_company(self):
        with self.assertRaises(UserError):
            self.config.review_place_id = self.place_y

    def test_the_pos_knows_whether_it_prints_links(self):
        self.config.review_receipt_qr = True
        data = self.pos_session.load_data([])
        self.assertTrue(data["pos.config"]["data"][0]["review_receipt_qr"])
