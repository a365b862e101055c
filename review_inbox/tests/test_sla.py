from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..tools import sla
from .common import ReviewInboxCase

T0 = datetime(2025, 3, 3, 9, 0, 0)


def at(hours):
    return T0 + timedelta(hours=hours)


@tagged("post_install", "-at_install")
class TestSlaCase(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.company.email = "hello@corp.test"
            cls.place_c = cls.env["review.place"].create(
                {
                    "name": "Place C",
                    "code": "C",
                    "company_id": cls.company.id,
                    "user_ids": [Command.link(cls.user_a.id)],
                }
            )
            cls.staff_c2 = new_test_user(
                cls.env,
                login="sla_staff_c2",
                name="Chloe StaffC",
                email="chloe@corp.test",
                groups="review_inbox.group_review_inbox_user",
                company_id=cls.company.id,
                company_ids=cls.company.ids,
            )
            cls.place_c.user_ids = [Command.link(cls.staff_c2.id)]
            cls.escalation_user = new_test_user(
                cls.env,
                login="sla_escalation",
                name="Erin Escalation",
                email="erin@corp.test",
                groups="review_inbox.group_review_inbox_viewer",
                company_id=cls.company.id,
                company_ids=cls.company.ids,
            )

    def _review(self, rating=5, place=None, **values):
        return (
            self.env["review.message"]
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "place_id": (place or self.place_c).id,
                    "partner_id": self.customer.id,
                    "rating": rating,
                    "body": "About my visit",
                    **values,
                }
            )
        )

    def _cron(self):
        self.env["review.message"]._cron_review_sla()
        self.env.invalidate_all()

    def _wizard(self, model, review, **values):
        return (
            self.env[model]
            .with_user(self.user_a)
            .with_context(active_model="review.message", active_id=review.id)
            .create(values)
        )


class TestSlaDeadlines(TestSlaCase):
    """Deadlines and statuses, with the time frozen."""

    def test_targets_by_default(self):
        company = self.env["res.company"].create({"name": "New Corp"})
        self.assertEqual(company.review_sla_alert_hours, 24)
        self.assertEqual(company.review_sla_hours, 72)

    @freeze_time(T0)
    def test_deadline_of_alert_and_other_review(self):
        alert = self._review(rating=1)
        review = self._review(rating=4)
        self.assertTrue(alert.is_alert)
        self.assertEqual(alert.sla_deadline, at(24))
        self.assertEqual(review.sla_deadline, at(72))
        self.assertEqual((alert | review).mapped("sla_status"), ["running"] * 2)
        self.assertEqual(alert.first_response_hours, 0)

    def test_deadline_from_the_review_date(self):
        with freeze_time(at(10)):
            review = self._review(review_date=T0)
            self.assertEqual(review.sla_deadline, at(72))
            self.assertEqual(review.sla_status, "running")
        with freeze_time(at(100)):
            late = self._review(review_date=T0)
            self.assertEqual(late.sla_status, "late", "already late when it arrives")

    def test_alert_flag_moves_the_deadline(self):
        with freeze_time(T0):
            review = self._review(rating=4)
        with freeze_time(at(30)):
            review.is_alert = True
            self.assertEqual(review.sla_deadline, at(24))
            self.assertEqual(review.sla_status, "late")
            review.is_alert = False
            self.assertEqual(review.sla_deadline, at(72))
            self.assertEqual(review.sla_status, "running")

    def test_time_moves_statuses(self):
        """The job moves running reviews to due soon in the last quarter of
        their target, then to late past it."""
        with freeze_time(T0):
            alert = self._review(rating=1)
            review = self._review(rating=4)
        steps = [
            (17.9, "running", "running"),
            (18.1, "due_soon", "running"),  # 6 h left of 24
            (24.1, "late", "running"),
            (54.1, "late", "due_soon"),  # 18 h left of 72
            (72.1, "late", "late"),
        ]
        for hours, alert_status, review_status in steps:
            with self.subTest(hours=hours), freeze_time(at(hours)):
                self._cron()
                self.assertEqual(alert.sla_status, alert_status)
                self.assertEqual(review.sla_status, review_status)

    def test_met_and_missed(self):
        with freeze_time(T0):
            met = self._review(rating=1)
            missed = self._review(rating=1)
        with freeze_time(at(5)):
            met.with_user(self.user_a).send_reply("Sorry about that")
            self.assertEqual(met.sla_status, "met")
            self.assertEqual(met.first_response_date, at(5))
            self.assertAlmostEqual(met.first_response_hours, 5)
        with freeze_time(at(30)):
            self._cron()
            self.assertEqual(missed.sla_status, "late")
            missed.with_user(self.user_a).send_reply("Sorry, late")
            self.assertEqual(missed.sla_status, "missed")
            self.assertAlmostEqual(missed.first_response_hours, 30)

    def test_first_response_is_set_once(self):
        with freeze_time(T0):
            review = self._review(rating=1)
        with freeze_time(at(2)):
            review.with_user(self.user_a).send_reply("First")
        with freeze_time(at(40)):
            review.with_user(self.user_a).send_reply("Second")
            self._wizard(
                "review.call.wizard", review, outcome="reached"
            ).action_confirm()
        self.assertEqual(review.first_response_date, at(2))
        self.assertEqual(review.sla_status, "met")

    def test_first_response_by_call_reached_only(self):
        with freeze_time(T0):
            review = self._review(rating=1)
        with freeze_time(at(1)):
            for outcome in ("no_answer", "voicemail"):
                self._wizard(
                    "review.call.wizard", review, outcome=outcome
                ).action_confirm()
            callback = self._wizard(
                "review.call.wizard", review, outcome="callback", callback_date=at(20)
            )
            callback.action_confirm()
            self.assertFalse(review.first_response_date, "not reached: no response")
            self.assertEqual(review.sla_status, "running")
        with freeze_time(at(3)):
            self._wizard(
                "review.call.wizard", review, outcome="reached"
            ).action_confirm()
        self.assertEqual(review.first_response_date, at(3))
        self.assertEqual(review.sla_status, "met")

    def test_first_response_by_delegation(self):
        with freeze_time(T0):
            review = self._review(rating=4)
        with freeze_time(at(80)):
            self._wizard(
                "review.delegate.wizard", review, email="care@corp.test"
            ).action_confirm()
        self.assertEqual(review.state, "done")
        self.assertEqual(review.first_response_date, at(80))
        self.assertEqual(review.sla_status, "missed")

    def test_spam_and_closed_reviews(self):
        with freeze_time(T0):
            spam = self._review(rating=1)
            early = self._review(rating=1)
            closed_late = self._review(rating=1)
        with freeze_time(at(2)):
            spam.with_user(self.user_a).action_spam()
            early.with_user(self.user_a).action_done()
        self.assertFalse(spam.sla_status, "spam has no status")
        self.assertFalse(early.sla_status, "closed in time: nothing is due")
        with freeze_time(at(30)):
            self._cron()
            self.assertFalse(early.sla_status, "the job leaves closed reviews")
            self.assertEqual(closed_late.sla_status, "late")
            closed_late.with_user(self.user_a).action_done()
            self.assertEqual(closed_late.sla_status, "late", "never answered in time")
            spam.with_user(self.user_a).action_inbox()
            self.assertEqual(spam.sla_status, "late")

    def test_target_change_moves_open_deadlines_only(self):
        with freeze_time(T0):
            answered = self._review(rating=1)
            open_alert = self._review(rating=1)
            review = self._review(rating=4)
            other_company = self._review(rating=1, place=self.place_y)
        with freeze_time(at(1)):
            answered.with_user(self.user_a).send_reply("Sorry")
        with freeze_time(at(10)):
            self.company.write({"review_sla_alert_hours": 8, "review_sla_hours": 12})
            self.assertEqual(open_alert.sla_deadline, at(8))
            self.assertEqual(open_alert.sla_status, "late")
            self.assertEqual(review.sla_deadline, at(12))
            self.assertEqual(review.sla_status, "due_soon")
            self.assertEqual(answered.sla_deadline, at(24), "answered: kept")
            self.assertEqual(answered.sla_status, "met")
            self.assertEqual(other_company.sla_deadline, at(24))

    def test_targets_checked(self):
        for value in (0, -1, 9000):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.company.review_sla_hours = value

    def test_settings_page_edits_the_targets(self):
        settings = (
            self.env["review.inbox.settings"]
            .with_user(self.manager)
            .with_company(self.company)
            .create({})
        )
        self.assertEqual(settings.review_sla_alert_hours, 24)
        settings.write({"review_sla_alert_hours": 12, "review_sla_hours": 48})
        settings.execute()
        self.assertEqual(self.company.review_sla_alert_hours, 12)
        self.assertEqual(self.company.review_sla_hours, 48)

    def test_fields_change_only_through_actions(self):
        review = self._review(rating=1)
        for name, value in [
            ("first_response_date", "2025-01-01 00:00:00"),
            ("sla_status", "met"),
            ("sla_deadline", "2030-01-01 00:00:00"),
            ("sla_escalated", True),
        ]:
            with self.subTest(name=name), self.assertRaises(AccessError):
                review.with_user(self.manager).write({name: value})

    def test_python_and_sql_rules_agree(self):
        """The job's SQL and the ORM's compute give every review the same
        status."""
        with freeze_time(T0):
            reviews = self._review(rating=1) | self._review(rating=4)
            reviews |= self._review(rating=1, review_date=at(-23))
            reviews |= self._review(rating=1, review_date=at(-19))
            reviews |= self._review(rating=4, review_date=at(-60))
            answered = self._review(rating=1, review_date=at(-30))
            answered.with_user(self.user_a).send_reply("Late answer")
            spam = self._review(rating=1)
            spam.with_user(self.user_a).action_spam()
            done = self._review(rating=4, review_date=at(-100))
            done.with_user(self.user_a).action_done()
            reviews |= answered | spam | done
        for hours in (0, 3, 30, 100):
            with freeze_time(at(hours)):
                reviews.invalidate_recordset()
                self.env.flush_all()
                self.env.cr.execute(
                    SQL(
                        "SELECT id, %s FROM review_message WHERE id = ANY(%s)",
                        sla.status_sql(at(hours)),
                        reviews.ids,
                    )
                )
                from_sql = dict(self.env.cr.fetchall())
                for review in reviews:
                    expected = sla.status_at(
                        at(hours),
                        state=review.state,
                        review_date=review.review_date,
                        deadline=review.sla_deadline,
                        responded=review.first_response_date,
                        closed=review.last_action_date,
                    )
                    self.assertEqual(from_sql[review.id] or False, expected)
