from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.review_inbox.tools import intake

from ..models.rating_rating import RatingRating
from .common import RatingCase


@tagged("post_install", "-at_install")
class TestRatingSync(RatingCase):
    """A rating given in Odoo becomes one review of the inbox."""

    def test_rating_given_becomes_a_review(self):
        rating = self.give_rating(self.task, 1, "Nobody called me back.")
        # giving it only flags it and wakes the job up
        self.assertTrue(rating.review_sync_pending)
        self.assertTrue(self.new_sync_triggers())
        self.assertFalse(self.review_of(rating))
        self.sync()
        review = self.review_of(rating)
        self.assertEqual(len(review), 1)
        self.assertRecordValues(
            review,
            [
                {
                    "source": "rating",
                    "rating_id": rating.id,
                    "res_model": "project.task",
                    "res_id": self.task.id,
                    "res_name": "Cannot sign in",
                    "res_model_name": "Task",
                    "partner_id": self.customer.id,
                    "rating": 1,
                    "body": "Nobody called me back.",
                    "place_id": self.place_a.id,
                    "company_id": self.company.id,
                    "review_type": "review",
                    "state": "inbox",
                    # the company's alert rule (2 stars or less)
                    "is_alert": True,
                    "priority": "alert",
                }
            ],
        )
        self.assertFalse(rating.review_sync_pending)
        self.assertFalse(rating.review_unrouted)

    def test_odoo_values_as_stars(self):
        for rate, stars in ((1, 1), (3, 3), (5, 5), (2.4, 2), (0.2, 1), (4.5, 5)):
            with self.subTest(rate=rate):
                rating = self.give_rating(self.task, rate)
                self.sync()
                self.assertEqual(self.review_of(rating).rating, stars)

    def test_any_code_path_create_multi(self):
        """Ratings created with their value, several at once, by code (the
        live chat, a portal message with a rating): one trigger, one review
        each."""
        ratings = self.env["rating.rating"].create(
            [
                {
                    "res_model_id": self.task_model.id,
                    "res_id": task.id,
                    "partner_id": self.customer.id,
                    "rating": rate,
                    "feedback": f"About {task.name}",
                    "consumed": True,
                }
                for task, rate in ((self.task, 5), (self.task_2, 3), (self.task, 1))
            ]
        )
        self.assertEqual(len(self.new_sync_triggers()), 1)
        self.sync()
        reviews = self.env["review.message"].search([("rating_id", "in", ratings.ids)])
        self.assertEqual(len(reviews), 3)
        self.assertEqual(
            sorted(reviews.mapped("body")),
            [
                "About Cannot sign in",
                "About Cannot sign in",
                "About Wrong invoice address",
            ],
        )

    def test_portal_message_with_rating(self):
        """mail.thread.message_post(rating_value=...) creates the rating."""
        self.task.sudo().message_post(
            body="Good job", rating_value=4, author_id=self.customer.id
        )
        self.sync()
        review = self.env["review.message"].search(
            [("res_model", "=", "project.task"), ("res_id", "=", self.task.id)]
        )
        self.assertEqual((review.rating, review.body), (4, "Good job"))

    def test_rating_not_given_brings_nothing(self):
        """A rating request (value 0), and a rating reset, make no review."""
        self.rating_token(self.task)
        self.assertFalse(self.new_sync_triggers())
        rating = self.give_rating(self.task, 5)
        self.sync()
        review = self.review_of(rating)
        rating.reset()
        self.assertFalse(rating.review_sync_pending)
        self.sync()
        self.assertEqual(review.rating, 5, "the review keeps what was given")

    def test_replay_same_data_changes_nothing(self):
        """Odoo's rating link replayed (mail scanners): the same review, not
        written, nothing logged."""
        token = self.rating_token(self.task)
        rating = self.give_rating(self.task, 3, "Fine", token=token)
        self.sync()
        review = self.review_of(rating)
        messages = review.message_ids
        self.give_rating(self.task, 3, "Fine", token=token)
        self.assertTrue(rating.review_sync_pending)
        with self.assertNoReviewWrite():
            self.sync()
        self.assertEqual(self.review_of(rating), review)
        self.assertEqual(review.message_ids, messages)
        self.assertFalse(rating.review_sync_pending)

    def test_replay_changed_updates_the_review_and_logs(self):
        token = self.rating_token(self.task)
        rating = self.give_rating(self.task, 5, "Great", token=token)
        self.sync()
        review = self.review_of(rating)
        self.assertFalse(review.is_alert)
        self.give_rating(self.task, 1, "Actually it broke again", token=token)
        self.sync()
        self.assertEqual(self.review_of(rating), review, "one review, never two")
        self.assertRecordValues(
            review,
            [
                {
                    "rating": 1,
                    "body": "Actually it broke again",
                    "is_alert": True,
                    "state": "inbox",
                }
            ],
        )
        note = self.rating_notes(review)
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("Rating: 5 → 1", note.body)
        self.assertIn("Comment: Great → Actually it broke again", note.body)
        self.assertFalse(review.is_treated, "a log of the customer's, no action")

    def test_changed_rating_brings_done_back_to_inbox(self):
        token = self.rating_token(self.task)
        rating = self.give_rating(self.task, 5, token=token)
        self.sync()
        review = self.review_of(rating)
        review.action_done()
        self.give_rating(self.task, 3, token=token)
        self.sync()
        self.assertEqual(review.state, "inbox")
        self.assertIn("Moved back to the Inbox.", self.rating_notes(review)[0].body)
        # a review marked as spam stays there
        review.action_spam()
        self.give_rating(self.task, 1, token=token)
        self.sync()
        self.assertEqual((review.state, review.rating), ("spam", 1))

    def test_feedback_by_the_intake_rules(self):
        rating = self.give_rating(
            self.task, 3, "  Line one\r\nline\x07 two\x1b  " + "x" * 6000
        )
        self.sync()
        body = self.review_of(rating).body
        self.assertTrue(body.startswith("Line one\nline two"))
        self.assertEqual(len(body), intake.TEXT_MAX_LENGTH)
        self.assertTrue(body.endswith("…"))
        self.assertFalse(intake.has_control_characters(body, allow_newlines=True))

    def test_customer_of_another_company_is_not_linked(self):
        partner = self.env["res.partner"].create(
            {"name": "Other's contact", "company_id": self.company_y.id}
        )
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.task_model.id,
                "res_id": self.task.id,
                "partner_id": partner.id,
                "rating": 3,
                "consumed": True,
            }
        )
        self.sync()
        review = self.review_of(rating)
        self.assertEqual(review.place_id, self.place_a)
        self.assertFalse(review.partner_id)

    def test_anonymous_rating(self):
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.task_model.id,
                "res_id": self.task.id,
                "rating": 5,
                "consumed": True,
            }
        )
        self.sync()
        self.assertRecordValues(
            self.review_of(rating), [{"partner_id": False, "body": False, "rating": 5}]
        )

    @mute_logger("odoo.addons.review_inbox_rating.models.rating_rating")
    def test_one_failing_rating_is_skipped(self):
        ratings = [self.give_rating(task, 4) for task in (self.task, self.task_2)]
        failing = ratings[0]
        values = RatingRating._review_values

        def failing_values(rating, place):
            if rating.id == failing.id:
                raise ValueError("broken")
            return values(rating, place)

        with patch.object(RatingRating, "_review_values", failing_values):
            self.sync()
        self.assertFalse(self.review_of(failing))
        self.assertTrue(self.review_of(ratings[1]))
        self.assertRecordValues(
            failing,
            [{"review_sync_pending": False, "review_sync_error": "broken"}],
        )
        # listed for the managers, and tried again from there
        action = (
            self.env["rating.rating"].with_user(self.manager).action_review_unrouted()
        )
        self.assertIn(failing, self.env["rating.rating"].search(action["domain"]))
        failing.with_user(self.manager).action_review_retry()
        self.assertTrue(self.review_of(failing))
        self.assertFalse(failing.review_sync_error)

    def test_one_review_per_rating(self):
        rating = self.give_rating(self.task, 4)
        self.sync()
        review = self.review_of(rating)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            review.copy({"place_id": self.place_a.id}).sudo().write(
                {"rating_id": rating.id}
            )
            self.env.flush_all()

    def test_rating_fields_are_the_bridges(self):
        """Nobody writes a review's rating or rated document, nor sets them
        on a review entered by hand."""
        rating = self.give_rating(self.task, 4)
        self.sync()
        review = self.review_of(rating)
        for values in (
            {"rating_id": False},
            {"res_model": "res.partner"},
            {"res_id": 1},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                review.with_user(self.manager).write(values)
        with self.assertRaises(AccessError):
            self.env["review.message"].with_user(self.manager).create(
                {"place_id": self.place_a.id, "rating_id": rating.id}
            )
