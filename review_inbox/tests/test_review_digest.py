from datetime import date, datetime, timedelta
from unittest.mock import patch

from lxml import etree

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ReviewInboxCase

# A Monday: the digest of January 13-19, 2025 against January 6-12.
MONDAY = date(2025, 1, 20)
LAST_WEEK = datetime(2025, 1, 15, 10, 0)
WEEK_BEFORE = datetime(2025, 1, 8, 10, 0)


@tagged("post_install", "-at_install")
class TestReviewDigest(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.place_c = cls.env["review.place"].create(
                {"name": "Place C", "code": "C", "company_id": cls.company.id}
            )
            review = cls._digest_review
            # Place A: 5★ answered and 4★ unanswered last week, 2★ the week before
            review(cls.place_a, LAST_WEEK, 5, hours=3)
            review(cls.place_a, LAST_WEEK, 4)
            review(cls.place_a, WEEK_BEFORE, 2, hours=30)
            # Place B: an alert left unanswered last week (late)
            review(cls.place_b, LAST_WEEK, 1)
            # Place C: 5★ last week; spam is left out
            review(cls.place_c, LAST_WEEK, 5, hours=1)
            review(cls.place_c, LAST_WEEK, 1, state="spam")
            cls.manager.email = "max@corp.test"
            cls.manager_y.email = "yann@other.test"

    @classmethod
    def _digest_review(cls, place, when, rating, hours=None, state="done"):
        review = cls.env["review.message"].create(
            {"place_id": place.id, "rating": rating, "review_date": when}
        )
        values = {"state": state}
        if hours is not None:
            values["first_response_date"] = when + timedelta(hours=hours)
        review.write(values)
        return review

    def send(self):
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.env["review.digest"]._cron_send_digest(today=MONDAY)
        return Mail.search([]) - before

    def digest_of(self, mails, user):
        mail = mails.filtered(lambda m: user.partner_id in m.recipient_ids)
        self.assertLessEqual(len(mail), 1)
        return mail

    def rows(self, mail):
        """{place: [cells]} of the digest's table."""
        tree = etree.fromstring(f"<div>{mail.body_html}</div>", etree.HTMLParser())
        return {
            tr[0].text.strip(): [
                " ".join("".join(td.itertext()).split()) for td in tr[1:]
            ]
            for tr in tree.iter("tr")
            if tr[0].tag == "td"
        }

    def test_weeks(self):
        before, last, end = self.env["review.digest"]._digest_weeks(MONDAY)
        self.assertEqual(
            (before, last, end), (date(2025, 1, 6), MONDAY - timedelta(7), MONDAY)
        )
        # any day of the week gives the same weeks
        self.assertEqual(
            self.env["review.digest"]._digest_weeks(date(2025, 1, 26)),
            (before, last, end),
        )

    def test_figures_of_every_place_in_two_queries(self):
        Digest = self.env["review.digest"]
        weeks = Digest._digest_weeks(MONDAY)
        Digest._digest_figures(weeks)
        with self.assertQueryCount(2):
            figures = Digest._digest_figures(weeks)
        last, before = figures[self.place_a.id]
        self.assertEqual(last["count"], 2)
        self.assertAlmostEqual(last["rating"], 4.5)
        self.assertAlmostEqual(last["response_rate"], 50.0)
        self.assertEqual(before["count"], 1)
        self.assertAlmostEqual(before["rating"], 2.0)
        last_b, before_b = figures[self.place_b.id]
        self.assertEqual(last_b["late_alerts"], 1)
        self.assertEqual(
            before_b,
            {"count": 0, "rating": None, "response_rate": None, "late_alerts": 0},
        )
        self.assertEqual(figures[self.place_c.id][0]["count"], 1, "spam left out")
        self.assertNotIn(self.place_y.id, figures, "no review in these weeks")

    def test_staff_get_their_places(self):
        mails = self.send()
        digest_a = self.digest_of(mails, self.user_a)
        self.assertEqual(
            self.rows(digest_a),
            {"Place A": ["2 (1)", "4.5 (2.0)", "50% (100%)", "0 (1)"]},
        )
        self.assertIn("Hello Alice PlaceA", digest_a.body_html)
        self.assertEqual(digest_a.subject, "Your places' reviews, week of 01/13/2025")
        self.assertNotIn("Best places", digest_a.body_html)
        digest_b = self.digest_of(mails, self.user_b)
        self.assertEqual(
            self.rows(digest_b), {"Place B": ["1 (0)", "1.0 (—)", "0% (—)", "1 (0)"]}
        )

    def test_managers_get_every_place_and_the_best_and_worst(self):
        mails = self.send()
        digest = self.digest_of(mails, self.manager)
        self.assertEqual(set(self.rows(digest)), {"Place A", "Place B", "Place C"})
        tree = etree.fromstring(f"<div>{digest.body_html}</div>", etree.HTMLParser())
        best, worst = (
            [" ".join("".join(li.itertext()).split()) for li in ul.iter("li")]
            for ul in tree.iter("ul")
        )
        self.assertEqual(best, ["Place C: 5.0 ★, 1 review"])
        self.assertEqual(worst, ["Place B: 1.0 ★, 1 review"])
        # the other company's manager: no review in these weeks, no email
        self.assertFalse(self.digest_of(mails, self.manager_y))

    def test_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_a.lang = "fr_FR"
        digest = self.digest_of(self.send(), self.user_a)
        self.assertEqual(self.rows(digest)["Place A"][1], "4,5 (2,0)")
        self.assertIn("13/01/2025", digest.subject)

    def test_opt_out(self):
        self.user_b.with_user(self.user_b).review_digest_opt_out = True
        mails = self.send()
        self.assertFalse(self.digest_of(mails, self.user_b))
        self.assertTrue(self.digest_of(mails, self.user_a))

    def test_once_a_week(self):
        self.assertTrue(self.digest_of(self.send(), self.user_a))
        self.assertEqual(self.user_a.review_digest_week, date(2025, 1, 13))
        self.assertFalse(self.send(), "sent already for that week")

    @mute_logger("odoo.addons.review_inbox.models.review_digest")
    def test_a_failure_is_skipped(self):
        Digest = type(self.env["review.digest"])
        send = Digest._digest_send
        user_a = self.user_a

        def failing(self, user, *args):
            if user == user_a:
                raise ValueError("cannot render")
            return send(self, user, *args)

        with patch.object(Digest, "_digest_send", failing):
            mails = self.send()
        self.assertFalse(self.digest_of(mails, self.user_a))
        self.assertFalse(self.user_a.review_digest_week, "tried again next run")
        self.assertTrue(self.digest_of(mails, self.user_b))
        self.assertTrue(self.digest_of(mails, self.manager))

    def test_preference_of_the_staff(self):
        view = self.env.ref("base.view_users_form_simple_modif")
        arch = (
            self.env["res.users"]
            .with_user(self.user_a)
            .get_view(view.id, "form")["arch"]
        )
        [field] = etree.fromstring(arch).xpath("//field[@name='review_digest_opt_out']")
        self.assertNotEqual(field.get("readonly"), "1")
        me = self.user_a.with_user(self.user_a)
        me.write({"review_digest_opt_out": True})
        self.assertTrue(me.read(["review_digest_opt_out"])[0]["review_digest_opt_out"])

    def test_weekly_job(self):
        cron = self.env.ref("review_inbox.ir_cron_review_digest")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "weeks"))
        self.assertEqual(cron.code.strip(), "model._cron_send_digest()")
