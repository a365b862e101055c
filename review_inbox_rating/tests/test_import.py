from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..hooks import INSTALL_DAYS_PARAM, post_init_hook
from .common import RatingCase


@tagged("post_install", "-at_install")
class TestRatingImport(RatingCase):
    """Ratings given before the bridge was installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo's ratings (those of the tasks without a company, which any
        # manager imports) are not these tests'
        cls.env["rating.rating"].search([]).unlink()

    def past_rating(self, task, days_ago, rate=4):
        """A rating given ``days_ago`` days ago, before the bridge: not
        flagged, no review."""
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.task_model.id,
                "res_id": task.id,
                "partner_id": self.customer.id,
                "rating": rate,
                "feedback": f"{days_ago} days ago",
                "consumed": True,
            }
        )
        self.env.flush_all()
        self.cr.execute(
            SQL(
                "UPDATE rating_rating SET review_sync_pending = FALSE, "
                "write_date = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=days_ago),
                rating.id,
            )
        )
        rating.invalidate_recordset()
        return rating

    def test_wizard_imports_the_last_days(self):
        recent = self.past_rating(self.task, 3)
        older = self.past_rating(self.task_2, 45)
        other_company = self.past_rating(self.task_y, 3)
        wizard = (
            self.env["review.rating.import.wizard"]
            .with_user(self.manager)
            .create({"days": 30})
        )
        result = wizard.action_import()
        self.assertEqual(
            result["params"]["message"],
            "Ratings being brought into the inbox: 1. Their reviews appear "
            "within minutes.",
        )
        self.assertTrue(self.new_sync_triggers())
        self.sync()
        review = self.review_of(recent)
        self.assertEqual(review.body, "3 days ago")
        self.assertEqual(
            review.review_date, recent.write_date, "dated when it was given"
        )
        self.assertFalse(self.review_of(older))
        self.assertFalse(self.review_of(other_company), "only the manager's companies'")
        # already imported: nothing more
        result = wizard.action_import()
        self.assertEqual(result["params"]["type"], "info")
        self.assertEqual(len(self.review_of(recent)), 1)

    def test_days_checked(self):
        Wizard = self.env["review.rating.import.wizard"].with_user(self.manager)
        for days in (0, -1, 5000):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                Wizard.create({"days": days})

    def test_at_install(self):
        recent = self.past_rating(self.task, 10)
        older = self.past_rating(self.task_2, 45)
        post_init_hook(self.env)
        self.assertTrue(self.review_of(recent), "at once")
        self.assertFalse(self.review_of(older))
        # the number of days is a system parameter; 0 imports nothing
        self.env["ir.config_parameter"].set_param(INSTALL_DAYS_PARAM, "60")
        post_init_hook(self.env)
        self.assertTrue(self.review_of(older))
        newer = self.past_rating(self.task_2, 1)
        self.env["ir.config_parameter"].set_param(INSTALL_DAYS_PARAM, "0")
        post_init_hook(self.env)
        self.assertFalse(self.review_of(newer))

    def test_import_in_batches(self):
        ratings = [self.past_rating(self.task, 1) for _i in range(5)]
        self.assertEqual(self.env["rating.rating"]._review_queue_past(30), 5)
        self.assertEqual(self.env["rating.rating"]._review_sync_pending(batch=2), 5)
        for index, rating in enumerate(ratings):
            with self.subTest(index=index):
                self.assertTrue(self.review_of(rating))
                self.assertFalse(rating.review_sync_pending)
