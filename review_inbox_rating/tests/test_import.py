from datetime import timedelta
from unittest.mock import patch

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..hooks import INSTALL_DAYS_PARAM, post_init_hook
from ..models.review_message import ReviewMessage
from .common import REVIEW_WRITE_RE, RatingCase


@tagged("post_install", "-at_install")
class TestRatingImport(RatingCase):
    """Ratings given before the bridge was installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo's ratings (those of the tasks without a company, which any
        # manager imports) are not these tests'
        cls.env["rating.rating"].search([]).unlink()

    def past_rating(self, task, days_ago, rate=4, feedback=None):
        """A rating given ``days_ago`` days ago, before the bridge: not
        flagged, no review."""
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.task_model.id,
                "res_id": task.id,
                "partner_id": self.customer.id,
                "rating": rate,
                "feedback": feedback or f"{days_ago} days ago",
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
        given_on = recent.write_date
        wizard = (
            self.env["review.rating.import.wizard"]
            .with_user(self.manager)
            .create({"days": 30})
        )
        result = wizard.action_import()
        self.assertEqual(
            result["params"]["message"],
            "Import started: the reviews of the ratings of the last 30 days "
            "appear in the inbox within minutes.",
        )
        self.assertTrue(self.new_sync_triggers())
        job = self.env["review.rating.import"].search([], limit=1)
        self.assertEqual(job.company_ids, self.company)
        self.sync()
        self.assertEqual((job.state, job.review_count), ("done", 1))
        review = self.review_of(recent)
        self.assertEqual(review.body, "3 days ago")
        self.assertEqual(review.review_date, given_on, "dated when it was given")
        self.assertEqual(recent.write_date, given_on, "the rating is not written")
        self.assertFalse(self.review_of(older))
        self.assertFalse(self.review_of(other_company), "only the manager's companies'")
        # imported again: nothing more
        wizard.action_import()
        self.sync()
        self.assertEqual(len(self.review_of(recent)), 1)
        job_again = self.env["review.rating.import"].search([], limit=1)
        self.assertEqual((job_again.state, job_again.review_count), ("done", 0))

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

    def test_import_in_batches_and_goes_on_where_it_was(self):
        ratings = [self.past_rating(self.task, 1) for _i in range(6)]
        job = self.env["review.rating.import"]._start(30)
        # stopped after the second rating (a restart): goes on from there
        job.last_rating_id = ratings[1].id
        self.assertEqual(job._run(batch=2), 4)
        self.assertEqual((job.state, job.review_count), ("done", 4))
        self.assertEqual(job.last_rating_id, ratings[-1].id)
        for index, rating in enumerate(ratings):
            with self.subTest(index=index):
                self.assertEqual(bool(self.review_of(rating)), index > 1)

    def test_imported_review_same_as_a_given_one(self):
        """Past ratings are inserted in bulk; their reviews are those that
        ratings given now get through create(), field for field."""
        anonymous = self.env["res.partner"]
        cases = [
            (rate, partner)
            for rate in (1, 3, 5)
            for partner in (self.customer, anonymous)
        ]
        given, past = [], []
        for rate, partner in cases:
            values = {
                "res_model_id": self.task_model.id,
                "res_id": self.task.id,
                "partner_id": partner.id,
                "rating": rate,
                "feedback": f"Rated {rate}",
                "consumed": True,
            }
            given.append(self.env["rating.rating"].create(values))
        self.sync()
        for rate, partner in cases:
            past.append(
                self.past_rating(self.task, 2, rate=rate, feedback=f"Rated {rate}")
            )
            past[-1].sudo().partner_id = partner
        self.env.flush_all()
        self.cr.execute(
            SQL(
                "UPDATE rating_rating SET review_sync_pending = FALSE WHERE id IN %s",
                tuple(rating.id for rating in past),
            )
        )
        self.env.invalidate_all()
        self.env["review.rating.import"]._start(30)
        bulk = ReviewMessage._review_bulk_create
        with patch.object(
            ReviewMessage, "_review_bulk_create", autospec=True, side_effect=bulk
        ) as bulk_create:
            self.sync()
        bulk_create.assert_called_once()
        skipped = {"id", "rating_id", "review_date", *models.LOG_ACCESS_COLUMNS}
        names = [
            name
            for name, field in self.env["review.message"]._fields.items()
            if field.store and field.column_type and name not in skipped
        ]
        for case, rating_given, rating_past in zip(cases, given, past, strict=True):
            with self.subTest(rate=case[0], customer=bool(case[1])):
                review_given = self.review_of(rating_given)
                review_past = self.review_of(rating_past)
                self.assertEqual(
                    review_past.read(names)[0] | {"id": 0},
                    review_given.read(names)[0] | {"id": 0},
                )
                self.assertEqual(
                    len(review_past.message_ids), len(review_given.message_ids)
                )

    def test_imported_reviews_inserted_once(self):
        """The reviews of an import are inserted with every stored field,
        deadlines and statuses included: none is updated afterwards (an
        update of 100,000 reviews would double the import's time)."""
        past = [
            self.past_rating(self.task, days, rate=rate)
            for days, rate in ((2, 1), (1, 5), (20, 5))
        ]
        self.env["review.rating.import"]._start(30)
        with self.recorded_statements() as statements:
            self.sync()
        writes = [s for s in statements if REVIEW_WRITE_RE.match(s)]
        self.assertTrue(writes)
        self.assertEqual(
            [s for s in writes if not s.lstrip().upper().startswith("INSERT")], []
        )
        reviews = [self.review_of(rating) for rating in past]
        # an alert due within a day, another review within three
        self.assertEqual(
            [review.sla_deadline - review.review_date for review in reviews],
            [timedelta(hours=24), timedelta(hours=72), timedelta(hours=72)],
        )
        self.assertEqual(
            [review.sla_status for review in reviews], ["late", "running", "late"]
        )

    def test_imported_review_of_a_blocked_sender(self):
        self.env["review.blocked.sender"].create(
            {"company_id": self.company.id, "email": self.customer.email_normalized}
        )
        past = self.past_rating(self.task, 2)
        self.env["review.rating.import"]._start(30)
        self.sync()
        self.assertEqual(self.review_of(past).state, "spam")
