from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tests import new_test_user, tagged, users, warmup
from odoo.tools import SQL, mute_logger

from .common import ReviewInboxCase

# The figures of the months, as the pivot asks for them.
FIGURES = [
    "__count",
    "rating_avg:avg",
    "alert_rate:avg",
    "response_rate:avg",
    "response_hours_avg:avg",
    "response_hours_median:avg",
    "within_target_rate:avg",
    "customer_answer_rate:avg",
    "answered_count:sum",
    "target_met_count:sum",
    "customer_answer_count:sum",
]
# Queries of P13 and P14 (benchmark), warm: one more, say one per place,
# fails the test.
P13_QUERIES = 1
P14_QUERIES = 1
JAN = datetime(2025, 1, 10, 10, 0)
FEB = datetime(2025, 2, 12, 10, 0)
# The two months of the data set.
IN_2025 = [("date", ">=", "2025-01-01"), ("date", "<=", "2025-02-28")]
# The same, with a condition only the reviews' rows answer.
IN_2025_BY_REVIEW = [*IN_2025, ("review_type", "!=", False)]


class ReviewReportCase(ReviewInboxCase):
    """Hand-counted reviews of January and February 2025 (UTC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.place_c = cls.env["review.place"].create(
                {"name": "Place C", "code": "C", "company_id": cls.company.id}
            )
            cls.group_c = cls.env["review.place.group"].create(
                {
                    "name": "Group C",
                    "company_id": cls.company.id,
                    "place_ids": [Command.set(cls.place_c.ids)],
                }
            )
            cls.category = cls.env.ref("review_inbox.review_category_welcome")
            review = cls._report_review
            # Place A, January: three reviews, and a spam left out
            cls.a1 = review(
                cls.place_a, JAN, 5, hours=2, source="web", categories=cls.category
            )
            cls.a2 = review(
                cls.place_a,
                JAN,
                1,
                hours=30,
                source="email",
                review_type="complaint",
                conversation=("staff", "customer"),
            )
            cls.a3 = review(cls.place_a, JAN, 0, source="api", review_type="question")
            cls.a_spam = review(cls.place_a, JAN, 2, hours=1, state="spam")
            # Place B, January: one answered in writing, the customer silent
            cls.b1 = review(cls.place_b, JAN, 4, hours=5, conversation=("staff",))
            # February: A one, B an alert unanswered, C one
            cls.a4 = review(cls.place_a, FEB, 3, hours=80)
            cls.b2 = review(cls.place_b, FEB, 1)
            cls.c1 = review(cls.place_c, FEB, 5, hours=0.5)
            # Other company, same months
            cls.y1 = review(cls.place_y, JAN, 2, hours=3)

    @classmethod
    def _report_review(
        cls,
        place,
        date,
        rating,
        hours=None,
        state="done",
        conversation=(),
        categories=None,
        **values,
    ):
        review = cls.env["review.message"].create(
            {
                "place_id": place.id,
                "rating": rating,
                "review_date": date,
                "category_ids": [Command.set(categories.ids)] if categories else [],
                **values,
            }
        )
        write = {"state": state}
        if hours is not None:
            write["first_response_date"] = date + timedelta(hours=hours)
        review.write(write)
        for author_type in conversation:
            cls.env["review.conversation.entry"].create(
                {
                    "review_id": review.id,
                    "author_type": author_type,
                    "body": "Thank you" if author_type == "staff" else "You're welcome",
                }
            )
        return review

    def figures(self, domain, groupby=("place_id", "date:month"), user=None):
        """{group: {figure: value}} of the report, for a manager of the
        first company by default."""
        report = self.env["review.report"].with_user(user or self.manager)
        rows = report._read_group(domain, list(groupby), FIGURES)
        return {
            tuple(
                value.id if hasattr(value, "id") else value
                for value in row[: len(groupby)]
            ): dict(
                zip(
                    [spec.split(":")[0] for spec in FIGURES],
                    row[len(groupby) :],
                    strict=True,
                )
            )
            for row in rows
        }

    def assertFigures(self, figures, expected):
        self.assertEqual(set(figures), set(expected))
        for key, values in expected.items():
            for name, value in values.items():
                with self.subTest(group=key, figure=name):
                    if isinstance(value, float):
                        self.assertAlmostEqual(figures[key][name], value, places=6)
                    else:
                        self.assertEqual(figures[key][name], value)


@tagged("post_install", "-at_install")
class TestReviewReportFigures(ReviewReportCase):
    def expected(self):
        jan, feb = datetime(2025, 1, 1).date(), datetime(2025, 2, 1).date()
        a, b, c = self.place_a.id, self.place_b.id, self.place_c.id
        return {
            # a1 5★ 2 h, a2 1★ alert 30 h (missed) answered back, a3 no
            # rating, unanswered (late); the spam is left out
            (a, jan): {
                "__count": 3,
                "rating_avg": 3.0,
                "alert_rate": 100 / 3,
                "response_rate": 200 / 3,
                "response_hours_avg": 16.0,
                # 2 h in [2, 4), 30 h in [24, 48): the middle (1 of 2) at
                # the top of [2, 4)
                "response_hours_median": 4.0,
                "within_target_rate": 100 / 3,
                "customer_answer_rate": 100.0,
                "answered_count": 2,
                "target_met_count": 1,
                "customer_answer_count": 1,
            },
            (b, jan): {
                "__count": 1,
                "rating_avg": 4.0,
                "alert_rate": 0.0,
                "response_rate": 100.0,
                "response_hours_avg": 5.0,
                # 5 h in [4, 8): its middle
                "response_hours_median": 6.0,
                "within_target_rate": 100.0,
                "customer_answer_rate": 0.0,
            },
            (a, feb): {
                "__count": 1,
                "rating_avg": 3.0,
                "response_rate": 100.0,
                "response_hours_avg": 80.0,
                "response_hours_median": 96.0,
                # 80 h for a target of 72: missed
                "within_target_rate": 0.0,
                # nobody was answered in writing
                "customer_answer_rate": False,
            },
            (b, feb): {
                "__count": 1,
                "rating_avg": 1.0,
                "alert_rate": 100.0,
                "response_rate": 0.0,
                "response_hours_avg": False,
                "response_hours_median": False,
                "within_target_rate": 0.0,
            },
            (c, feb): {
                "__count": 1,
                "response_hours_median": 0.5,
                "within_target_rate": 100.0,
            },
        }

    def test_figures_by_place_and_month(self):
        """The same hand-counted figures from the months of the places and
        from the reviews' rows."""
        self.assertFigures(self.figures(IN_2025), self.expected())
        self.assertFigures(self.figures(IN_2025_BY_REVIEW), self.expected())

    def test_figures_after_folding_and_rebuilding(self):
        Report = self.env["review.report"]
        Report._report_fold()
        self.env.cr.execute(SQL("SELECT count(*) FROM review_report_dirty"))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertFigures(self.figures(IN_2025), self.expected())
        Report._report_rebuild()
        self.assertFigures(self.figures(IN_2025), self.expected())

    def test_equals_a_direct_count_on_the_reviews(self):
        """Counts and averages by place and month equal read_group on the
        reviews (spam excluded), by group of places too."""
        reviews = self.env["review.message"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "!=", "spam"),
                ("review_date", ">=", "2025-01-01"),
                ("review_date", "<", "2025-03-01"),
            ]
        )
        direct = {}
        for review in reviews:
            key = (review.place_id.id, review.review_date.date().replace(day=1))
            count, alerts = direct.get(key, (0, 0))
            direct[key] = (count + 1, alerts + review.is_alert)
        report = {
            key: (values["__count"], values["alert_rate"] * values["__count"] / 100)
            for key, values in self.figures(IN_2025).items()
        }
        self.assertEqual(set(report), set(direct))
        for key, (count, alerts) in report.items():
            self.assertEqual(count, direct[key][0])
            self.assertAlmostEqual(alerts, direct[key][1])
        by_group = self.figures(IN_2025, groupby=["place_group_ids"])
        self.assertEqual(by_group[(self.group_ab.id,)]["__count"], 6)
        self.assertEqual(by_group[(self.group_c.id,)]["__count"], 1)
        self.assertAlmostEqual(
            by_group[(self.group_ab.id,)]["rating_avg"], (5 + 1 + 4 + 3 + 1) / 5
        )

    def test_figures_of_some_places(self):
        """A request about some places reads the months of those places
        only: the figures are the whole's, restricted to them, archived
        places included, with months changed since the last fold and
        without."""
        a, b, c = self.place_a.id, self.place_b.id, self.place_c.id
        whole = self.figures(IN_2025)
        self.place_c.active = False
        requests = [
            ([("place_group_ids", "in", self.group_ab.ids)], {a, b}),
            ([("place_group_ids", "=", self.group_c.id)], {c}),
            ([("place_group_ids.name", "=", "Group C")], {c}),
            ([("place_id", "in", [a, c])], {a, c}),
            ([("place_id", "=", c)], {c}),
            ([("place_id.code", "=", "C")], {c}),
            # not conditions on ids: left to the request itself
            ([("place_id", "!=", a)], {b, c}),
            ([("place_id", "ilike", "Place")], {a, b, c}),
            (
                ["|", ("place_id", "=", a), ("place_group_ids", "=", self.group_c.id)],
                {a, c},
            ),
        ]
        for folded in (False, True):
            if folded:
                self.env["review.report"]._report_fold()
            for domain, places in requests:
                with self.subTest(domain=domain, folded=folded):
                    self.assertFigures(
                        self.figures([*IN_2025, *domain]),
                        {key: v for key, v in whole.items() if key[0] in places},
                    )

    def test_which_places_a_request_is_about(self):
        place_domain = self.env["review.report"]._report_place_domain
        self.assertEqual(
            place_domain(
                [
                    ("place_group_ids", "in", [1]),
                    ("date", ">=", "2025-01-01"),
                    ("place_id.user_ids", "in", [2]),
                    ("place_id", "=", 3),
                ]
            ),
            [("group_ids", "in", [1]), ("user_ids", "in", [2]), ("id", "=", 3)],
        )
        self.assertIsNone(place_domain([("date", ">=", "2025-01-01")]))
        self.assertIsNone(
            place_domain(["|", ("place_id", "=", 1), ("place_id", "=", 2)])
        )
        self.assertIsNone(place_domain([("place_id", "ilike", "Shop")]))
        self.assertIsNone(place_domain([("place_id", "in", [])]))
        self.assertIsNone(place_domain([("place_id", "=", False)]))

    def test_dimensions_of_the_reviews(self):
        by_source = self.figures(
            [*IN_2025, ("place_id", "=", self.place_a.id)], groupby=["source"]
        )
        self.assertEqual(
            {key[0]: values["__count"] for key, values in by_source.items()},
            {"web": 1, "email": 1, "api": 1, "manual": 1},
        )
        by_type = self.figures(IN_2025, groupby=["review_type"])
        self.assertEqual(by_type[("complaint",)]["__count"], 1)
        self.assertEqual(by_type[("question",)]["__count"], 1)
        by_category = self.figures(IN_2025, groupby=["category_ids"])
        self.assertEqual(by_category[(self.category.id,)]["__count"], 1)
        self.assertEqual(by_category[(False,)]["__count"], 6)
        by_week = self.figures(
            [*IN_2025, ("place_id", "=", self.place_a.id)], groupby=["date:week"]
        )
        self.assertEqual(sorted(v["__count"] for v in by_week.values()), [1, 3])

    def test_moved_between_places(self):
        """A review moved to another place counts there, at once and once
        folded; its old place loses it."""
        self.env["review.report"]._report_fold()
        self.a1.place_id = self.place_b
        jan = datetime(2025, 1, 1).date()
        for _step in ("live", "folded"):
            figures = self.figures(IN_2025)
            self.assertEqual(figures[(self.place_a.id, jan)]["__count"], 2)
            self.assertEqual(figures[(self.place_b.id, jan)]["__count"], 2)
            self.assertAlmostEqual(figures[(self.place_b.id, jan)]["rating_avg"], 4.5)
            self.env["review.report"]._report_fold()

    def test_spam_and_deleted_reviews_leave(self):
        self.env["review.report"]._report_fold()
        self.a1.write({"state": "spam"})
        self.b1.unlink()
        figures = self.figures(IN_2025)
        jan = datetime(2025, 1, 1).date()
        self.assertEqual(figures[(self.place_a.id, jan)]["__count"], 2)
        self.assertNotIn((self.place_b.id, jan), figures)
        self.a1.write({"state": "done"})
        self.assertEqual(self.figures(IN_2025)[(self.place_a.id, jan)]["__count"], 3)

    def test_new_reviews_and_answers_count_at_once(self):
        self.env["review.report"]._report_fold()
        feb = datetime(2025, 2, 1).date()
        self._report_review(self.place_c, FEB, 1, hours=1)
        self.env["review.conversation.entry"].create(
            {"review_id": self.c1.id, "author_type": "staff", "body": "Thanks"}
        )
        figures = self.figures(IN_2025)[(self.place_c.id, feb)]
        self.assertEqual(figures["__count"], 2)
        self.assertAlmostEqual(figures["rating_avg"], 3.0)
        self.assertEqual(figures["customer_answer_rate"], 0.0)

    def test_dates_in_the_company_time_zone(self):
        """A review at 23:30 UTC on January 31 is of February 1 in Paris:
        the company's time zone moves it, at once."""
        late = self._report_review(self.place_c, datetime(2025, 1, 31, 23, 30), 4)
        self.env["review.report"]._report_fold()
        months = self.figures(IN_2025, groupby=["place_id", "date:month"])
        jan, feb = datetime(2025, 1, 1).date(), datetime(2025, 2, 1).date()
        self.assertEqual(months[(self.place_c.id, jan)]["__count"], 1)
        self.company.partner_id.tz = "Europe/Paris"
        for _step in ("live", "folded"):
            months = self.figures(IN_2025, groupby=["place_id", "date:month"])
            self.assertNotIn((self.place_c.id, jan), months)
            self.assertEqual(months[(self.place_c.id, feb)]["__count"], 2)
            self.env["review.report"]._report_fold()
        row = self.env["review.report"].search([("review_id", "=", late.id)])
        self.assertEqual(str(row.date), "2025-02-01")
        # a time zone PostgreSQL does not know dates in UTC
        self.env.cr.execute(SQL("SELECT review_report_tz('Mars/Olympus')"))
        self.assertEqual(self.env.cr.fetchone()[0], "UTC")

    def test_rows_of_the_list(self):
        row = self.env["review.report"].search([("review_id", "=", self.a2.id)])
        self.assertEqual(row.id, self.a2.id)
        self.assertEqual(str(row.date), "2025-01-10")
        self.assertEqual(row.place_id, self.place_a)
        self.assertEqual(row.rating_avg, 1.0)
        self.assertTrue(row.is_alert)
        self.assertAlmostEqual(row.response_hours_avg, 30.0)
        self.assertEqual(row.customer_answer_rate, 100.0)
        self.assertFalse(
            self.env["review.report"].search([("id", "=", self.a_spam.id)])
        )


@tagged("post_install", "-at_install")
class TestReviewReportDatabase(ReviewReportCase):
    def database_objects(self):
        cr = self.env.cr
        found = []
        for query in (
            "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s",
            "SELECT proname FROM pg_proc WHERE proname LIKE %s",
            "SELECT relname FROM pg_class WHERE relname LIKE %s AND relkind = 'r'",
        ):
            cr.execute(SQL(query, "review_report%"))
            found += [row[0] for row in cr.fetchall()]
        return found

    def month_sum(self, column, place, rows=None):
        """Sum of ``column`` over the months of ``place``: in the table, or
        in the SQL ``rows``."""
        if rows is None:
            rows = SQL("SELECT * FROM review_report_month")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT SUM(t.%s) FROM (%s) t WHERE t.place_id = %s",
                SQL.identifier(column),
                rows,
                place.id,
            )
        )
        return self.env.cr.fetchone()[0]

    def test_a_bridge_adds_a_measure(self):
        """A measure added to _report_measures (as the loyalty bridge's
        gestures) gets its column in the months table, filled when the
        module's init rebuilds it, and counts new reviews at once."""
        Report = type(self.env["review.report"])
        measures = Report._report_measures

        def with_five_stars(report):
            five_stars = ("integer", SQL("(m.rating = 5)::int"))
            return {**measures(report), "five_star_count": five_stars}

        with patch.object(Report, "_report_measures", with_five_stars):
            report = self.env["review.report"]
            report.init()
            self.assertEqual(self.month_sum("five_star_count", self.place_a), 1)
            self._report_review(self.place_a, FEB, 5)
            live = report._report_month_rows()
            self.assertEqual(self.month_sum("five_star_count", self.place_a, live), 2)
            report._report_fold()
            self.assertEqual(self.month_sum("five_star_count", self.place_a), 2)

    def test_a_bridge_logs_its_reviews(self):
        """_report_touch logs the months of reviews whose measure changed
        outside the review; the job folds them."""
        Report = self.env["review.report"]
        Report._report_fold()
        Report._report_touch(self.a1 | self.b2)
        cells = Report._report_dirty_cells_sql()
        self.env.cr.execute(SQL("SELECT place_id, date FROM (%s) c ORDER BY 1", cells))
        self.assertEqual(
            self.env.cr.fetchall(),
            [
                (self.place_a.id, datetime(2025, 1, 1).date()),
                (self.place_b.id, datetime(2025, 2, 1).date()),
            ],
        )
        Report._report_fold()
        self.env.cr.execute(SQL("SELECT count(*) FROM review_report_dirty"))
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_uninstall_drops_what_it_made(self):
        """The triggers (on res_partner too), functions and tables of the
        analysis go with the module (its uninstall hook)."""
        self.assertIn("review_report_partner_tz", self.database_objects())
        self.assertIn("review_report_month", self.database_objects())
        self.env["review.report"]._report_drop()
        self.assertEqual(self.database_objects(), [])
        self.company.partner_id.tz = "Europe/Paris"
        self.env.flush_all()


@tagged("post_install", "-at_install")
class TestReviewReportGrain(ReviewReportCase):
    """What the months of the places answer, and in how many queries."""

    def fits(self, domain=(), groupby=(), aggregates=("__count",), order=None):
        return self.env["review.report"]._report_month_fits(
            domain, groupby, aggregates, (), order
        )

    def test_requests_the_months_answer(self):
        self.assertTrue(self.fits(IN_2025, ["place_id", "date:month"], FIGURES))
        self.assertTrue(self.fits([("place_group_ids", "in", [1])], ["date:quarter"]))
        self.assertTrue(self.fits([("place_id.user_ids", "in", [2])], ["company_id"]))
        self.assertTrue(self.fits([("date", "<", "2025-03-01")], ["date:year"]))
        self.assertTrue(self.fits([], ["place_id"], order="rating_avg:avg desc"))

    def test_requests_only_the_reviews_answer(self):
        self.assertFalse(self.fits([], ["date:week"]))
        self.assertFalse(self.fits([], ["date:day"]))
        self.assertFalse(self.fits([], ["source"]))
        self.assertFalse(self.fits([], ["category_ids"]))
        self.assertFalse(self.fits([("date", ">=", "2025-01-15")], ["place_id"]))
        self.assertFalse(self.fits([("date", "<=", "2025-01-30")], ["place_id"]))
        self.assertFalse(self.fits([("is_alert", "=", True)], ["place_id"]))
        self.assertFalse(self.fits([("id", "in", [1])], ["place_id"]))
        self.assertFalse(self.fits([], ["place_id"], ["id:count"]))
        self.assertFalse(self.fits([], ["place_id"], order="review_type"))

    def test_groups_formatted_as_odoo_does(self):
        """Each value formatted once, the groups the same as Odoo's."""
        report = self.env["review.report"].with_user(self.manager)
        requests = [
            (IN_2025, FIGURES, ["place_id", "date:month"], False),
            (IN_2025, FIGURES, ["date:week", "source"], False),
            ([], ["__count"], ["place_group_ids", "date:month"], False),
            ([], ["__count"], ["place_id", "date:month"], True),
            (IN_2025_BY_REVIEW, ["__count"], ["category_ids"], True),
        ]
        module = "odoo.addons.review_inbox.models.review_report"
        for domain, fields, groupby, lazy in requests:
            with self.subTest(groupby=groupby, lazy=lazy):
                with patch(f"{module}.FORMAT_ONCE_FROM", 10**9):
                    expected = report.read_group(domain, fields, groupby, lazy=lazy)
                with patch(f"{module}.FORMAT_ONCE_FROM", 1):
                    formatted = report.read_group(domain, fields, groupby, lazy=lazy)
                self.assertGreater(len(expected), 1)
                self.assertEqual(formatted, expected)

    @staticmethod
    def rows_dict(rows, groupby, domain):
        """The rows of ``_read_group`` as ``read_group`` hands them over to
        its formatting."""
        names = [*groupby, "__count"]
        return [
            {**dict(zip(names, row, strict=True)), "__domain": list(domain)}
            for row in rows
        ]

    def test_formatting_equals_odoos_own(self):
        """The groups' values, labels, ranges and domains are exactly those of
        Odoo's own formatting (``models.Model._read_group_format_result``) on
        the same rows, in several languages and time zones: places, groups of
        places and categories (an empty group among them), months, weeks,
        quarters and month numbers of the day, days and hours of the time of
        receipt (time zone), with and without a domain."""
        for code in ("fr_FR", "de_DE", "nl_NL"):
            self.env["res.lang"]._activate_lang(code)
        requests = [
            (IN_2025, ["place_id", "date:month"]),
            ([], ["date:week", "source"]),
            (IN_2025_BY_REVIEW, ["place_group_ids", "date:quarter"]),
            ([], ["category_ids", "date:month_number"]),
            ([("place_id", "!=", False)], ["review_date:day", "place_id"]),
            ([], ["review_date:hour", "review_type"]),
            ([], ["is_alert", "review_date:week", "company_id"]),
        ]
        module = "odoo.addons.review_inbox.models.review_report"
        for lang, tz in (
            ("en_US", "UTC"),
            ("fr_FR", "Europe/Paris"),
            ("de_DE", "America/New_York"),
            ("nl_NL", "Pacific/Kiritimati"),
            ("en_US", False),
        ):
            report = (
                self.env["review.report"]
                .with_user(self.manager)
                .with_context(lang=lang, tz=tz)
            )
            for domain, groupby in requests:
                for lazy_groupby in (groupby, groupby[:1]):
                    with self.subTest(lang=lang, tz=tz, groupby=lazy_groupby):
                        rows = report._read_group(domain, lazy_groupby, ["__count"])
                        self.assertGreater(len(rows), 1)

                        expected = self.rows_dict(rows, lazy_groupby, domain)
                        models.Model._read_group_format_result(
                            report, expected, lazy_groupby
                        )
                        formatted = self.rows_dict(rows, lazy_groupby, domain)
                        with patch(f"{module}.FORMAT_ONCE_FROM", 1):
                            report._read_group_format_result(formatted, lazy_groupby)
                        self.assertEqual(formatted, expected)

    def test_date_bounds_serve_the_index(self):
        """The reviews' rows bound their date of receipt too, a day wider."""
        domain = self.env["review.report"]._report_date_prefilter(
            [("date", ">=", "2025-01-01"), ("date", "<", "2025-02-01")]
        )
        self.assertIn(("review_date", ">=", "2024-12-31 00:00:00"), domain)
        self.assertIn(("review_date", "<", "2025-02-02 00:00:00"), domain)
        either = ["|", ("date", ">=", "2025-01-01"), ("source", "=", "web")]
        self.assertEqual(
            self.env["review.report"]._report_date_prefilter(either), either
        )

    @staticmethod
    def pivot_groups(report, domain, fields, groupby):
        """The groups the pivot makes of ``read_pivot``'s columns
        (review_report_pivot_view.js, groupsOfColumns)."""
        columns = report.read_pivot(domain, fields, groupby)
        groups = []
        for row in range(columns["length"]):
            group, domains = {}, [columns["domain"]]
            for grouping in columns["groupby"]:
                position = grouping["index"][row]
                group[grouping["key"]] = grouping["values"][position]
                domains.append(grouping["domains"][position])
            for name, column in columns["aggregates"].items():
                group[name] = column[row]
            group["__domain"] = report._report_and(domains)
            groups.append(group)
        return groups

    def test_pivot_columns_are_read_groups(self):
        """The pivot's columns make the groups of read_group (not lazy), in
        its order, for what the months answer and what only the reviews
        answer, for a manager and a place's staff, in another language and
        time zone: records, groups of places and categories (an empty group
        among them), dates at any grain, selections, booleans, the totals
        without grouping, a domain that is always false, a measure by its
        name only."""
        self.env["res.lang"]._activate_lang("fr_FR")
        requests = [
            (IN_2025, FIGURES, ["place_id", "date:month"]),
            (IN_2025, FIGURES, ["date:week", "source"]),
            (IN_2025_BY_REVIEW, ["__count"], ["place_group_ids", "date:quarter"]),
            ([], ["__count", "rating_avg"], ["category_ids", "date"]),
            ([], ["__count"], ["review_date:day", "is_alert"]),
            ([], FIGURES, []),
            (IN_2025, FIGURES, ["date:year"]),
            ([("id", "in", [])], FIGURES, ["place_id"]),
            ([("id", "in", [])], FIGURES, []),
        ]
        for user in (self.manager, self.user_a):
            for lang, tz in (("en_US", "UTC"), ("fr_FR", "Europe/Paris")):
                report = (
                    self.env["review.report"]
                    .with_user(user)
                    .with_context(lang=lang, tz=tz)
                )
                for domain, fields, groupby in requests:
                    with self.subTest(user=user.login, lang=lang, groupby=groupby):
                        expected = report.read_group(
                            domain, fields, groupby, lazy=False
                        )
                        for group in expected:
                            group.pop("__range", None)
                            group["__domain"] = report._report_and(
                                [expression.normalize_domain(group["__domain"])]
                            )
                        groups = self.pivot_groups(report, domain, fields, groupby)
                        self.assertEqual(groups, expected)
        groups = self.pivot_groups(
            self.env["review.report"].with_user(self.manager),
            IN_2025,
            ["__count"],
            ["place_id", "date:month"],
        )
        self.assertGreater(len(groups), 3)

    def test_pivot_reads_the_months_column_by_column(self):
        """The months answer the pivot's request; its rows are never made
        into rows of records (Odoo's _read_group)."""
        report = self.env["review.report"].with_user(self.manager)
        request = (IN_2025, FIGURES, ["place_id", "date:month"])
        groups = report.read_group(*request, lazy=False)
        report.read_pivot(*request)
        with (
            patch.object(models.Model, "_read_group", side_effect=AssertionError),
            self.assertQueriesContain(['FROM "review_report_month"']),
        ):
            self.assertEqual(report.read_pivot(*request)["length"], len(groups))

    @users("review_manager_t")
    @warmup
    def test_query_counts(self):
        """P13 and P14 of the benchmark, the pivot of places by month (by
        read_group, the spreadsheet's, and by read_pivot, the view's) and
        the graph of a group of places: one query each, warm, with the
        context the web client sends."""
        report = self.env["review.report"].with_context(lang="en_US", tz="UTC")
        with self.assertQueryCount(review_manager_t=P13_QUERIES):
            report.read_group(IN_2025, FIGURES, ["place_id", "date:month"], lazy=False)
        with self.assertQueryCount(review_manager_t=P13_QUERIES):
            report.read_pivot(IN_2025, FIGURES, ["place_id", "date:month"])
        with self.assertQueryCount(review_manager_t=P14_QUERIES):
            report.with_context(fill_temporal=True).web_read_group(
                [("place_group_ids", "in", self.group_ab.ids)],
                ["__count", "rating_avg:avg"],
                ["date:month"],
                lazy=False,
            )


@tagged("post_install", "-at_install")
class TestReviewReportAccess(ReviewReportCase):
    def places(self, user, domain=None):
        domain = IN_2025 if domain is None else domain
        return {row[0] for row in self.figures(domain, ["place_id"], user=user)}

    def test_staff_see_their_places_only(self):
        for domain in (IN_2025, IN_2025_BY_REVIEW):
            self.assertEqual(self.places(self.user_a, domain), {self.place_a.id})
            self.assertEqual(self.places(self.user_b, domain), {self.place_b.id})
        rows = self.env["review.report"].with_user(self.user_a).search([])
        self.assertEqual(rows.place_id, self.place_a)

    def test_pivot_of_staff_shows_their_places_only(self):
        """read_pivot reads as its user: the staff of place A see place A,
        another company's manager their own, an employee nothing."""
        cases = [
            (self.user_a, [self.place_a.id]),
            (self.user_b, [self.place_b.id]),
            (self.manager_y, [self.place_y.id]),
        ]
        for user, place_ids in cases:
            columns = (
                self.env["review.report"]
                .with_user(user)
                .read_pivot([], ["__count"], ["place_id"])
            )
            values = columns["groupby"][0]["values"]
            self.assertEqual([value[0] for value in values], place_ids)

    def test_viewers_and_managers_see_their_companies(self):
        ours = {self.place_a.id, self.place_b.id, self.place_c.id}
        self.assertEqual(self.places(self.viewer), ours)
        self.assertEqual(self.places(self.manager), ours)
        self.assertEqual(self.places(self.manager_y), {self.place_y.id})

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_others_see_nothing(self):
        employee = new_test_user(
            self.env, login="report_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.env["review.report"].with_user(employee).read_group(
                [], ["__count"], ["place_id"]
            )
        with self.assertRaises(AccessError):
            self.env["review.report"].with_user(employee).read_pivot(
                [], ["__count"], ["place_id"]
            )

    def test_menu_for_every_review_right(self):
        menu = self.env.ref("review_inbox.menu_review_report")
        for user in (self.user_a, self.viewer, self.manager):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(menu.id, visible)
