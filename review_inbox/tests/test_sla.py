import importlib.util
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, file_path
from odoo.tools.safe_eval import safe_eval

from ..tools import sla
from .common import ReviewInboxCase

T0 = datetime(2025, 3, 3, 9, 0, 0)
FAR = datetime(2100, 1, 1)


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


class TestSlaEscalation(TestSlaCase):
    """A late alert: an activity for whoever must answer it, a notice for
    the escalation users; once."""

    def _late_alerts(self, count=1, **values):
        with freeze_time(T0):
            alerts = self.env["review.message"]
            for __ in range(count):
                alerts |= self._review(rating=1, **values)
        return alerts

    def _activities(self, reviews):
        return self.env["mail.activity"].search(
            [("res_model", "=", "review.message"), ("res_id", "in", reviews.ids)]
        )

    def _notices(self, user):
        return self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )

    def test_escalated_once(self):
        """Run twice, the job sends one activity (to the assignee) and one
        notice (to the place's escalation users), and logs it."""
        self.place_c.escalation_user_ids = self.escalation_user
        alert = self._late_alerts(user_id=self.user_a.id)
        with freeze_time(at(25)):
            self._cron()
            self._cron()
        self.assertEqual(alert.sla_status, "late")
        self.assertTrue(alert.sla_escalated)
        activity = self._activities(alert)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_a)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(activity.summary, "Late alert: answer the customer")
        notice = self._notices(self.escalation_user)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subject, "Late alert at Place C")
        self.assertIn("Carla Customer - Place C", notice.body)
        self.assertIn(f"/odoo/review.message/{alert.id}", notice.body)
        self.assertFalse(self._notices(self.manager), "the place's users only")
        log = alert.message_ids.filtered(lambda m: "Late alert" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("Erin Escalation", log.body)

    def test_staff_and_managers_by_default(self):
        """Unassigned: each staff member of the place gets an activity; no
        escalation users: the company's review managers are told."""
        alert = self._late_alerts()
        with freeze_time(at(25)):
            self._cron()
        activities = self._activities(alert)
        self.assertEqual(activities.user_id, self.user_a | self.staff_c2)
        self.assertEqual(len(activities), 2)
        self.assertEqual(len(self._notices(self.manager)), 1)
        self.assertFalse(self._notices(self.manager_y), "another company's manager")
        self.assertFalse(self._notices(self.escalation_user))

    def test_one_notice_lists_the_alerts(self):
        self.place_c.escalation_user_ids = self.escalation_user
        alerts = self._late_alerts(count=2)
        with freeze_time(at(25)):
            self._cron()
        notice = self._notices(self.escalation_user)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subject, "2 late alerts")
        for alert in alerts:
            self.assertIn(f"/odoo/review.message/{alert.id}", notice.body)

    def test_escalation_users_set_by_managers(self):
        self.place_c.with_user(self.manager).escalation_user_ids = self.escalation_user
        self.assertEqual(self.place_c.escalation_user_ids, self.escalation_user)
        with self.assertRaises(AccessError):
            self.place_c.with_user(self.user_a).escalation_user_ids = self.user_a

    def test_not_escalated(self):
        """Other reviews, answered alerts, closed ones and alerts still
        running are not escalated."""
        with freeze_time(T0):
            review = self._review(rating=4)
            answered = self._review(rating=1)
            closed = self._review(rating=1)
            running = self._review(rating=1, review_date=at(60))
        with freeze_time(at(1)):
            answered.with_user(self.user_a).send_reply("Sorry")
            closed.with_user(self.user_a).action_done()
        with freeze_time(at(80)):
            self._cron()
        self.assertEqual(review.sla_status, "late")
        self.assertEqual(running.sla_status, "due_soon")
        reviews = review | answered | closed | running
        self.assertFalse(reviews.filtered("sla_escalated"))
        self.assertFalse(self._activities(reviews))
        self.assertFalse(self._notices(self.manager))

    def test_late_on_arrival_is_escalated(self):
        """An alert that arrives late (an older review imported) is
        escalated by the next run too."""
        with freeze_time(at(100)):
            alert = self._review(rating=1, review_date=T0)
            self.assertEqual(alert.sla_status, "late")
            self._cron()
        self.assertTrue(alert.sla_escalated)
        self.assertEqual(len(self._notices(self.manager)), 1)

    def test_failing_batch_is_skipped(self):
        """A batch that fails is logged and skipped; the next ones go on."""
        first = self._late_alerts()
        second = self._late_alerts()
        Review = type(self.env["review.message"])
        escalate = Review._sla_escalate

        def failing(reviews):
            if first in reviews:
                raise ValueError("boom")
            return escalate(reviews)

        with (
            freeze_time(at(25)),
            patch.object(Review, "_sla_escalate", failing),
            self.assertLogs("odoo.addons.review_inbox.models.review_message", "ERROR"),
        ):
            self.env["review.message"]._cron_review_sla(batch=1)
        self.env.invalidate_all()
        self.assertFalse(first.sla_escalated)
        self.assertTrue(second.sla_escalated)
        self.assertEqual((first | second).mapped("sla_status"), ["late", "late"])


class TestSlaPerformance(TestSlaCase):
    def _run_counted(self, count, start):
        """Queries of one run of the job that moves ``count`` alerts and
        ``count`` other reviews to late and escalates the alerts (one place,
        one assignee)."""
        with freeze_time(start):
            reviews = self.env["review.message"]
            for __ in range(count):
                reviews |= self._review(rating=1, user_id=self.user_a.id)
                reviews |= self._review(rating=4, user_id=self.user_a.id)
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(start + timedelta(hours=100)):
            queries = self.env.cr.sql_log_count
            self.env["review.message"]._cron_review_sla()
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - queries
        self.env.invalidate_all()
        self.assertEqual(set(reviews.mapped("sla_status")), {"late"})
        self.assertEqual(len(reviews.filtered("sla_escalated")), count)
        return queries

    def test_job_queries_flat(self):
        """The same queries for 1 review as for 50: one statement moves a
        batch, one notice lists its alerts."""
        self.place_c.escalation_user_ids = self.escalation_user
        # every review already there is late from then on
        with freeze_time(FAR):
            self._cron()
        # warm-up: caches of activity types, models, groups
        self._run_counted(1, FAR + timedelta(days=10))
        one = self._run_counted(1, FAR + timedelta(days=20))
        fifty = self._run_counted(50, FAR + timedelta(days=30))
        self.assertEqual(one, fifty)


class TestSlaFilters(TestSlaCase):
    def _filter_domain(self, name):
        view = self.env.ref("review_inbox.review_message_view_search")
        arch = etree.fromstring(view.get_combined_arch())
        [node] = arch.xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"))

    def test_late_and_due_soon_filters(self):
        with freeze_time(T0):
            late = self._review(rating=1, review_date=at(-30))
            soon = self._review(rating=1, review_date=at(-20))
            running = self._review(rating=1)
            closed_late = self._review(rating=1, review_date=at(-30))
            closed_late.with_user(self.user_a).action_done()
            reviews = late | soon | running | closed_late
            Review = self.env["review.message"].with_user(self.user_a)
            in_reach = [("id", "in", reviews.ids)]
            self.assertEqual(
                Review.search(in_reach + self._filter_domain("late")), late
            )
            self.assertEqual(
                Review.search(in_reach + self._filter_domain("due_soon")), soon
            )


class TestSlaUpgrade(TestSlaCase):
    """The upgrade to 18.0.1.4.0 computes the figures of existing reviews
    from their history."""

    def _upgrade(self, module="post-sla_history.py"):
        path = file_path(f"review_inbox/migrations/18.0.1.4.0/{module}")
        spec = importlib.util.spec_from_file_location(module[:-3], path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        return migration

    def _forget(self, reviews):
        """The reviews as the upgrade finds them: no figures yet."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE review_message
                      SET first_response_date = NULL, first_response_hours = NULL,
                          sla_deadline = NULL, sla_status = NULL,
                          sla_escalated = NULL
                    WHERE id = ANY(%s)""",
                reviews.ids,
            )
        )
        self.env.invalidate_all()

    def test_upgrade_from_history(self):
        with freeze_time(T0):
            replied = self._review(rating=1)
            called = self._review(rating=1)
            not_reached = self._review(rating=1)
            delegated = self._review(rating=4)
            late_alert = self._review(rating=1)
            closed_early = self._review(rating=4)
            spam = self._review(rating=1)
        with freeze_time(at(2)):
            replied.with_user(self.user_a).send_reply("Sorry")
            self._wizard(
                "review.call.wizard", not_reached, outcome="no_answer"
            ).action_confirm()
            closed_early.with_user(self.user_a).action_done()
            spam.with_user(self.user_a).action_spam()
        with freeze_time(at(3)):
            replied.with_user(self.user_a).send_reply("Sorry again")
        with freeze_time(at(30)):
            self._wizard(
                "review.call.wizard", called, outcome="reached"
            ).action_confirm()
        with freeze_time(at(75)):
            self._wizard(
                "review.delegate.wizard", delegated, email="care@corp.test"
            ).action_confirm()
        reviews = (
            replied
            | called
            | not_reached
            | delegated
            | late_alert
            | closed_early
            | spam
        )
        expected = {
            review: (
                review.first_response_date,
                review.first_response_hours,
                review.sla_deadline,
            )
            for review in reviews
        }
        self._forget(reviews)
        with freeze_time(at(100)):
            self._upgrade().migrate(self.env.cr, "18.0.1.3.0")
        self.assertEqual(replied.first_response_date, at(2))
        self.assertEqual(called.first_response_date, at(30))
        self.assertFalse(not_reached.first_response_date)
        self.assertEqual(delegated.first_response_date, at(75))
        for review in reviews:
            self.assertEqual(
                (
                    review.first_response_date,
                    review.first_response_hours,
                    review.sla_deadline,
                ),
                expected[review],
                review.body,
            )
        self.assertEqual(
            [r.sla_status for r in reviews],
            ["met", "missed", "late", "missed", "late", False, False],
        )
        self.assertEqual(
            reviews.filtered("sla_escalated"),
            not_reached | late_alert,
            "late alerts count as escalated: the upgrade tells nobody",
        )
        with freeze_time(at(101)):
            self._cron()
        self.assertFalse(
            self._sla_activities(reviews),
            "the job after the upgrade tells nobody either",
        )

    def _sla_activities(self, reviews):
        return self.env["mail.activity"].search(
            [("res_model", "=", "review.message"), ("res_id", "in", reviews.ids)]
        )

    def test_sync_position_kept(self):
        """The API exports nothing of the figures: the upgrade leaves the
        reviews' sync position as it was, clients are not sent them again."""
        with freeze_time(T0):
            review = self._review(rating=1)
        self._forget(review)
        cr = self.env.cr
        cr.execute(
            "ALTER TABLE review_message DISABLE TRIGGER review_message_sync_txid"
        )
        cr.execute(
            SQL("UPDATE review_message SET sync_txid = 1 WHERE id = %s", review.id)
        )
        cr.execute("ALTER TABLE review_message ENABLE TRIGGER review_message_sync_txid")
        with freeze_time(at(1)):
            self._upgrade().compute_history(self.env)
        cr.execute(SQL("SELECT sync_txid FROM review_message WHERE id = %s", review.id))
        self.assertEqual(cr.fetchone()[0], 1)
        self.assertEqual(review.sla_status, "running")
        review.with_user(self.user_a).action_done()
        self.env.flush_all()
        cr.execute(SQL("SELECT sync_txid FROM review_message WHERE id = %s", review.id))
        self.assertNotEqual(cr.fetchone()[0], 1, "the trigger runs again")

    def test_call_reached_in_another_language(self):
        """The note of a reached call logged in French counts too."""
        self.env["res.lang"]._activate_lang("fr_FR")
        with freeze_time(T0):
            review = self._review(rating=1)
        with freeze_time(at(4)):
            self.user_a.lang = "fr_FR"
            self._wizard(
                "review.call.wizard", review, outcome="reached"
            ).action_confirm()
        note = review.message_ids.filtered(lambda m: "Appel" in (m.body or ""))
        self.assertTrue(note, "logged in French")
        self._forget(review)
        with freeze_time(at(100)):
            self._upgrade().compute_history(self.env, batch=7)
        self.assertEqual(review.first_response_date, at(4))
        self.assertEqual(review.sla_status, "met")

    def test_columns_created_before_the_update(self):
        """The pre-migration creates the columns, so that the update does not
        compute each review in Python; run again, it changes nothing."""
        migration = self._upgrade("pre-sla_columns.py")
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("ALTER TABLE review_message DROP COLUMN sla_escalated")
        migration.migrate(cr, "18.0.1.3.0")
        migration.migrate(cr, "18.0.1.3.0")
        cr.execute(
            SQL(
                """SELECT column_name FROM information_schema.columns
                    WHERE table_name = 'review_message' AND column_name = ANY(%s)""",
                [name for name, __ in migration.COLUMNS],
            )
        )
        self.assertEqual(len(cr.fetchall()), len(migration.COLUMNS))
        cr.execute(SQL("SELECT bool_or(sla_escalated) FROM review_message"))
        self.assertFalse(cr.fetchone()[0], "not escalated until the job says so")
