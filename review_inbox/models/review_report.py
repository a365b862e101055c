import hashlib
import logging
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.models import parse_read_group_spec, regex_field_agg, regex_order
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_index, table_exists

from .review_message import REVIEW_TYPES, SOURCES

_logger = logging.getLogger(__name__)

# Lower edges (hours) of the buckets the median first response is estimated
# from; the last bucket has no upper edge.
RESPONSE_HOUR_BUCKETS = (0, 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, 720)
# Date granularities that a month of the aggregate answers exactly.
MONTH_GRANULARITIES = {
    "month",
    "quarter",
    "year",
    "month_number",
    "quarter_number",
    "year_number",
}
# The date of a review in its company's time zone is at most this far from
# its UTC date (UTC-12 to UTC+14).
TZ_MARGIN = timedelta(days=1)

# Groups from which _read_group_format_result formats each value once.
FORMAT_ONCE_FROM = 50
# A group without a range (anything but a date).
NO_RANGE = object()

MONTH_TABLE = "review_report_month"
DIRTY_TABLE = "review_report_dirty"


class ReviewReport(models.Model):
    """How every place is doing: the reviews' figures by place, group of
    places, date, source, type and category; spam excluded.

    Two sources of rows, one set of figures:

    - one row per review (a view on ``review.message``): every dimension, the
      list of the report, and any pivot or graph;
    - one row per place and month, a table kept up to date (``review_report_month``):
      what ``_read_group`` reads when the request needs nothing finer (places,
      groups of places, companies, months, quarters, years; dates bounded on
      whole months). Its size is places × months, whatever the number of
      reviews. A trigger logs the months of the places whose reviews change
      (``review_report_dirty``); those are read from the reviews until the job
      *Review Inbox: fold the report's changes* recomputes them
      (``_report_fold``), so the figures are never stale.

    Each row holds sums (``_report_measures``): the averages and shares of the
    report are ratios of sums (``_report_ratios``), the same whichever rows
    they come from. The median first response is estimated from how many
    reviews were answered in each bucket of hours (``RESPONSE_HOUR_BUCKETS``),
    by linear interpolation inside the bucket that holds the middle review, as
    a median of grouped data is: exact to within its bucket (an hour under 2
    hours, 4 hours around a day, a day around 3 days).

    Dates are days in the time zone of the review's company (its partner's,
    else UTC), the same for every reader.

    A bridge adds a measure by extending ``_report_measures`` (a sum per
    review, SQL on ``review_message m``) and, for a share or an average,
    ``_report_ratios``, with a field of the same name; it calls
    ``_report_touch(reviews)`` when what its measure counts changes outside
    the review (the review's own changes are seen by the trigger).
    """

    _name = "review.report"
    _description = "Reviews Analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc, id desc"

    # Dimensions
    date = fields.Date(
        readonly=True,
        help="Day the review arrived, in the time zone of its company.",
    )
    review_date = fields.Datetime(string="Received on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    place_id = fields.Many2one("review.place", string="Place", readonly=True)
    place_group_ids = fields.Many2many(
        related="place_id.group_ids", string="Groups of places"
    )
    review_id = fields.Many2one("review.message", string="Review", readonly=True)
    source = fields.Selection(SOURCES, readonly=True)
    review_type = fields.Selection(REVIEW_TYPES, string="Type", readonly=True)
    category_ids = fields.Many2many(
        "review.category",
        "review_message_category_rel",
        "message_id",
        "category_id",
        string="Categories",
        readonly=True,
    )
    is_alert = fields.Boolean(string="Alert", readonly=True)

    # Counts
    review_count = fields.Integer(string="Reviews", readonly=True)
    alert_count = fields.Integer(string="Alerts", readonly=True)
    answered_count = fields.Integer(
        string="Answered",
        readonly=True,
        help="Reviews with a first response: a reply sent, a call that "
        "reached the customer, or a delegation.",
    )
    target_met_count = fields.Integer(
        string="Answered within target",
        readonly=True,
        help="Reviews answered within the company's target time.",
    )
    late_alert_count = fields.Integer(
        string="Late alerts",
        readonly=True,
        help="Alerts not answered within the company's target time: late, or "
        "answered after it.",
    )
    replied_count = fields.Integer(
        string="Answered in writing",
        readonly=True,
        help="Reviews whose customer received a written reply with its link.",
    )
    customer_answer_count = fields.Integer(
        string="Customer answers",
        readonly=True,
        help="Reviews whose customer answered a reply, through its link or "
        "by email.",
    )
    # Averages and shares: ratios of the sums above, however grouped
    rating_avg = fields.Float(
        string="Average rating",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Average of the reviews' ratings, those without a rating left out.",
    )
    alert_rate = fields.Float(
        string="Alerts (%)", aggregator="avg", digits=(16, 1), readonly=True
    )
    response_rate = fields.Float(
        string="Response rate (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Share of the reviews with a first response.",
    )
    response_hours_avg = fields.Float(
        string="First response, average (hours)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
    )
    response_hours_median = fields.Float(
        string="First response, median (hours)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Estimated from the number of reviews answered in each bucket of "
        "hours (under 1, 1-2, 2-4, 4-8, 8-12, 12-24, 24-48, 48-72, 72-120, "
        "120-168, 168-336, 336-720, over 720), by linear interpolation in the "
        "bucket of the middle review.",
    )
    within_target_rate = fields.Float(
        string="Answered within target (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Share of the reviews answered within the target time, among "
        "those answered or past their deadline.",
    )
    customer_answer_rate = fields.Float(
        string="Customers who answered back (%)",
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Share of the reviews answered in writing whose customer "
        "answered the reply.",
    )

    _depends = {
        "review.message": [
            "place_id",
            "company_id",
            "review_date",
            "state",
            "rating",
            "is_alert",
            "source",
            "review_type",
            "category_ids",
            "first_response_date",
            "first_response_hours",
            "sla_status",
        ],
        "review.conversation.entry": ["review_id", "author_type"],
        "review.place": ["group_ids", "company_id"],
        # the company's time zone dates its reviews
        "res.company": ["partner_id"],
        "res.partner": ["tz"],
    }

    # ------------------------------------------------------------------
    # What a row holds
    # ------------------------------------------------------------------

    @api.model
    def _report_measures(self):
        """{column: (SQL type, value for one review)}: what every row sums.
        SQL on ``review_message m``. A bridge adds its own with super()."""
        answered = SQL("m.first_response_date IS NOT NULL")
        measures = {
            "review_count": ("integer", SQL("1")),
            "rated_count": ("integer", SQL("(m.rating > 0)::int")),
            "rating_sum": ("integer", SQL("COALESCE(m.rating, 0)")),
            "alert_count": ("integer", SQL("COALESCE(m.is_alert, FALSE)::int")),
            "answered_count": ("integer", SQL("(%s)::int", answered)),
            "response_hours_sum": (
                "double precision",
                SQL(
                    "CASE WHEN %s THEN COALESCE(m.first_response_hours, 0) ELSE 0 END",
                    answered,
                ),
            ),
            "target_due_count": (
                "integer",
                SQL("(m.sla_status IN ('met', 'missed', 'late'))::int"),
            ),
            "target_met_count": ("integer", SQL("(m.sla_status = 'met')::int")),
            "late_alert_count": (
                "integer",
                SQL(
                    "(COALESCE(m.is_alert, FALSE)"
                    " AND m.sla_status IN ('missed', 'late'))::int"
                ),
            ),
            "replied_count": ("integer", self._report_entry_exists("staff")),
            "customer_answer_count": (
                "integer",
                self._report_entry_exists("customer"),
            ),
        }
        edges = RESPONSE_HOUR_BUCKETS
        for index, low in enumerate(edges):
            high = edges[index + 1] if index + 1 < len(edges) else None
            condition = SQL(
                "%s AND COALESCE(m.first_response_hours, 0) >= %s", answered, low
            )
            if high is not None:
                condition = SQL(
                    "%s AND COALESCE(m.first_response_hours, 0) < %s", condition, high
                )
            measures[self._report_bucket_column(index)] = (
                "integer",
                SQL("(%s)::int", condition),
            )
        return measures

    @api.model
    def _report_entry_exists(self, author_type):
        return SQL(
            """EXISTS (SELECT 1 FROM review_conversation_entry e
                        WHERE e.review_id = m.id AND e.author_type = %s)::int""",
            author_type,
        )

    @api.model
    def _report_bucket_column(self, index):
        return f"response_h{index:02d}"

    @api.model
    def _report_ratios(self):
        """{field: (numerator column, denominator column, factor)}: the
        averages and shares, ratios of sums whatever rows they come from."""
        return {
            "rating_avg": ("rating_sum", "rated_count", 1),
            "alert_rate": ("alert_count", "review_count", 100),
            "response_rate": ("answered_count", "review_count", 100),
            "response_hours_avg": ("response_hours_sum", "answered_count", 1),
            "within_target_rate": ("target_met_count", "target_due_count", 100),
            "customer_answer_rate": ("customer_answer_count", "replied_count", 100),
        }

    @api.model
    def _report_tracked_columns(self):
        """The columns of review_message whose change changes the figures
        (the trigger logs the months of the reviews whose value changed)."""
        columns = [
            "place_id",
            "company_id",
            "review_date",
            "state",
            "rating",
            "is_alert",
            "first_response_date",
            "first_response_hours",
            "sla_status",
        ]
        return [c for c in columns if column_exists(self.env.cr, "review_message", c)]

    # ------------------------------------------------------------------
    # SQL of the rows
    # ------------------------------------------------------------------

    @api.model
    def _report_tz_table(self):
        """Each company's time zone (its partner's, else UTC). OFFSET 0 keeps
        the planner from merging it into the query: the time zone is then
        checked once a company, not once a review."""
        return SQL(
            """(SELECT c.id, review_report_tz(p.tz) AS tz
                  FROM res_company c
                  LEFT JOIN res_partner p ON p.id = c.partner_id
                OFFSET 0)"""
        )

    @api.model
    def _report_local_date_sql(self, alias):
        """The local time of the review ``alias``, with its company's time
        zone as ``tz``."""
        return SQL(
            "timezone(tz.tz, timezone('UTC', %s))",
            SQL.identifier(alias, "review_date"),
        )

    @api.model
    def _select(self):
        measures = SQL(", ").join(
            SQL("%s AS %s", expr, SQL.identifier(name))
            for name, (_type, expr) in self._report_measures().items()
        )
        return SQL(
            """SELECT m.id, m.id AS review_id, m.company_id, m.place_id,
                      %s::date AS date,
                      m.review_date, m.source, m.review_type, m.is_alert, %s""",
            self._report_local_date_sql("m"),
            measures,
        )

    @api.model
    def _from(self):
        return SQL(
            "FROM review_message m JOIN %s tz ON tz.id = m.company_id",
            self._report_tz_table(),
        )

    @api.model
    def _where(self):
        return SQL("WHERE m.state != 'spam'")

    @api.model
    def _report_review_rows(self, condition=None):
        """One row per review (spam excluded), of those of ``condition``
        (SQL on ``review_message m``) if given."""
        where = self._where()
        if condition is not None:
            where = SQL("%s AND %s", where, condition)
        return SQL("%s %s %s", self._select(), self._from(), where)

    @api.model
    def _report_month_rows_of_reviews(self, cells=None):
        """The rows of the months of the places, summed from the reviews;
        only the (place, month) in the query ``cells`` when given."""
        # of the type of the table's column: a union with the table keeps it
        sums = SQL(", ").join(
            SQL(
                "SUM(r.%s)::%s AS %s",
                SQL.identifier(name),
                SQL(sql_type),
                SQL.identifier(name),
            )
            for name, (sql_type, _expr) in self._report_measures().items()
        )
        month = SQL("date_trunc('month', r.date)::date")
        if cells is None:
            return SQL(
                """SELECT -MIN(r.id) AS id, r.company_id, r.place_id,
                          %(month)s AS date, %(sums)s
                     FROM (%(rows)s) r
                    GROUP BY r.company_id, r.place_id, %(month)s""",
                month=month,
                sums=sums,
                rows=self._report_review_rows(),
            )
        # Each month's reviews through the index of places and dates (OFFSET
        # 0: one month at a time, never a scan of every review): the
        # month's days in UTC, a day wider (time zones), then its own.
        days = SQL(
            """m.place_id = c.place_id
               AND m.review_date >= c.date - interval '1 day'
               AND m.review_date < c.date + interval '1 month 1 day'"""
        )
        return SQL(
            """SELECT -MIN(r.id) AS id, r.company_id, r.place_id,
                      %(month)s AS date, %(sums)s
                 FROM (SELECT DISTINCT place_id, date FROM (%(cells)s) x) c
                 JOIN LATERAL (%(rows)s OFFSET 0) r ON %(month)s = c.date
                GROUP BY r.company_id, r.place_id, %(month)s""",
            month=month,
            sums=sums,
            cells=cells,
            rows=self._report_review_rows(days),
        )

    @api.model
    def _report_month_rows(self):
        """One row per place and month: the table, except the months logged
        as changed, summed from their reviews instead."""
        columns = SQL(", ").join(
            SQL.identifier("t", name) for name in self._report_measures()
        )
        cells = self._report_dirty_cells_sql()
        # only the places the request is about, when it says which (the
        # planner does not push a condition on the places into the union)
        places = SQL("TRUE")
        place_domain = self.env.context.get("review_report_place_domain")
        if place_domain:
            query = (
                self.env["review.place"]
                .sudo()
                .with_context(active_test=False)
                ._search(place_domain)
            )
            places = SQL("t.place_id IN %s", query.subselect())
            cells = SQL("SELECT * FROM (%s) t WHERE %s", cells, places)
        return SQL(
            """SELECT t.id, t.company_id, t.place_id, t.date, %(columns)s
                 FROM %(table)s t
                WHERE %(places)s
                  AND NOT EXISTS (SELECT 1 FROM (%(cells)s) d
                                   WHERE d.place_id = t.place_id AND d.date = t.date)
               UNION ALL
               %(live)s""",
            columns=columns,
            table=SQL.identifier(MONTH_TABLE),
            places=places,
            cells=cells,
            live=self._report_month_rows_of_reviews(cells),
        )

    @api.model
    def _report_place_domain(self, domain):
        """The domain on review.place of the places ``domain`` keeps, when
        it is a conjunction that says which (else None): its conditions on
        the place (``place_id`` by id, ``place_id.<field>``), on its groups
        (``place_group_ids``), read on the places themselves. A superset of
        the rows the request keeps, the request's own conditions still
        apply."""
        normalized = expression.normalize_domain(list(domain or []))
        if any(item in ("|", "!") for item in normalized):
            return None
        place_domain = []
        for item in self._leaves(normalized):
            path, operator, value = item
            head, _dot, rest = path.partition(".")
            if head == "place_id" and rest:
                place_domain.append((rest, operator, value))
            elif head == "place_id" and self._report_ids_leaf(operator, value):
                place_domain.append(("id", operator, value))
            elif head == "place_group_ids" and rest:
                place_domain.append((f"group_ids.{rest}", operator, value))
            elif head == "place_group_ids" and self._report_ids_leaf(operator, value):
                place_domain.append(("group_ids", operator, value))
        return place_domain or None

    @staticmethod
    def _report_ids_leaf(operator, value):
        """A condition that some of the given ids match (not a search by
        name, nor one that keeps the rows without any)."""
        values = value if isinstance(value, list | tuple) else [value]
        return (
            operator in ("=", "in")
            and bool(values)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        )

    @api.model
    def _report_dirty_cells_sql(self, last=None):
        """The (place, month) logged as changed (up to the log row
        ``last``): logged as such, or as a review's place, company and date
        (an update's trigger logs them as they are, at no cost)."""
        dirty = SQL.identifier(DIRTY_TABLE)
        up_to = SQL("AND d.id <= %s", last) if last is not None else SQL()
        return SQL(
            """SELECT d.place_id, d.date FROM %(dirty)s d
                WHERE d.date IS NOT NULL %(up_to)s
               UNION
               SELECT d.place_id, date_trunc('month', %(local)s)::date
                 FROM %(dirty)s d JOIN %(tz)s tz ON tz.id = d.company_id
                WHERE d.date IS NULL %(up_to)s""",
            dirty=dirty,
            up_to=up_to,
            local=self._report_local_date_sql("d"),
            tz=self._report_tz_table(),
        )

    @api.model
    def _report_ratio_sql(self, field_name, wrap):
        """The ratio ``field_name`` over columns wrapped by ``wrap`` (SUM in
        an aggregate, nothing on one row)."""
        if field_name == "response_hours_median":
            return self._report_median_sql(wrap)
        numerator, denominator, factor = self._report_ratios()[field_name]
        return SQL(
            "%s::float * %s / NULLIF(%s, 0)",
            wrap(numerator),
            factor,
            wrap(denominator),
        )

    @api.model
    def _report_median_sql(self, wrap):
        """The median of grouped data: the bucket holding the middle review,
        and linear interpolation inside it (its lower edge for the last)."""
        edges = RESPONSE_HOUR_BUCKETS
        counts = [wrap(self._report_bucket_column(i)) for i in range(len(edges))]
        total = SQL(" + ").join(counts)
        half = SQL("((%s)::float / 2)", total)
        cases = []
        below = SQL("0")
        for index, low in enumerate(edges):
            up_to = SQL("%s + %s", below, counts[index])
            if index + 1 < len(edges):
                width = edges[index + 1] - low
                value = SQL(
                    "%s + (%s - (%s)) / NULLIF(%s, 0) * %s",
                    low,
                    half,
                    below,
                    counts[index],
                    width,
                )
            else:
                value = SQL("%s", low)
            cases.append(SQL("WHEN %s >= %s THEN %s", up_to, half, value))
            below = up_to
        return SQL("CASE WHEN (%s) = 0 THEN NULL %s END", total, SQL(" ").join(cases))

    @property
    def _table_query(self):
        if self.env.context.get("review_report_grain") == "month":
            base = self._report_month_rows()
        else:
            base = self._report_review_rows()
        ratios = SQL(", ").join(
            SQL(
                "%s AS %s",
                self._report_ratio_sql(name, lambda col: SQL.identifier("b", col)),
                SQL.identifier(name),
            )
            for name in (*self._report_ratios(), "response_hours_median")
        )
        return SQL("SELECT b.*, %s FROM (%s) b", ratios, base)

    # ------------------------------------------------------------------
    # Reading: which rows answer a request
    # ------------------------------------------------------------------

    @api.model
    def _report_figure_fields(self):
        return {
            *self._report_ratios(),
            "response_hours_median",
            *(name for name in self._report_measures() if name in self._fields),
        }

    @api.model
    def _report_month_fits(self, domain, groupby, aggregates, having, order):
        """Whether the months of the places answer this request exactly."""
        figures = self._report_figure_fields()
        dimensions = {"company_id", "place_id", "place_group_ids"}
        for spec in groupby:
            fname, _property, granularity = parse_read_group_spec(spec)
            if fname == "date":
                if granularity not in MONTH_GRANULARITIES:
                    return False
            elif fname not in dimensions:
                return False
        for spec in [*aggregates, *(leaf[0] for leaf in self._leaves(having))]:
            if spec != "__count" and parse_read_group_spec(spec)[0] not in figures:
                return False
        for part in (order or "").split(","):
            match = regex_order.match(part)
            if not part.strip():
                continue
            if not match:
                return False
            fname = parse_read_group_spec(match["term"])[0]
            if fname != "__count" and fname not in figures | dimensions | {"date"}:
                return False
        for path, operator, value in self._leaves(domain):
            if not isinstance(path, str):
                return False
            if path == "date":
                if not self._month_aligned(operator, value):
                    return False
            elif path.split(".")[0] not in dimensions:
                return False
        return True

    @staticmethod
    def _leaves(domain):
        """The leaves of ``domain``, but the constant ones."""
        return [
            tuple(item)
            for item in expression.normalize_domain(list(domain or []))
            if isinstance(item, list | tuple)
            and tuple(item) not in (expression.TRUE_LEAF, expression.FALSE_LEAF)
        ]

    @staticmethod
    def _month_aligned(operator, value):
        """A bound of the date that falls between two months."""
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            return False
        if not day:
            return False
        if operator in (">=", "<"):
            return day.day == 1
        if operator in (">", "<="):
            return (day + timedelta(days=1)).day == 1
        return False

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        report = self._report_reader(domain, groupby, aggregates, having, order)
        return super(ReviewReport, report)._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _report_reader(self, domain, groupby, aggregates, having, order):
        """The report in the context that reads this request: from the
        months of the places when they answer it exactly, else from the
        reviews."""
        grain = "review"
        context = {}
        if self._report_month_fits(domain, groupby, aggregates, having, order):
            grain = "month"
            context["review_report_place_domain"] = self._report_place_domain(domain)
        return self.with_context(review_report_grain=grain, **context)

    @api.model
    def read_pivot(self, domain, fields, groupby):
        """The groups of ``read_group(domain, fields, groupby, lazy=False)``
        in columns, as the reviews analysis' pivot reads them
        (``review_report_pivot``)::

            {
                "length": the number of groups,
                "domain": the request's domain, normalized,
                "groupby": [{
                    "key": the grouping, as read_group names it,
                    "values": its distinct values, as read_group gives them,
                    "domains": the domain of each of them, normalized,
                    "index": each group's value (in values),
                }, ...],
                "aggregates": {name, as read_group names it: [each group's]},
            }

        Group ``i`` is ``{key: values[index[i]], name: aggregates[name][i],
        "__domain": the request's and its values' domains combined as
        expression.AND combines them}``, the groups of ``read_group`` in
        the same order (tested); the context's ``fill_temporal`` is not
        applied, as the pivot does not ask for it.

        Why: at a manager's pivot of every place by month, ``read_group``
        returns thousands of groups, each a dictionary with its domain and
        range, about 2 MB of JSON. Building them made the worker's garbage
        collector run a full collection (about 100 ms) every other request;
        here the groups share their places, months and domains."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby)
        annotated = self._read_group_get_annotated_groupby(groupby, lazy=False)
        specs = list(annotated.values())
        aggregates = self._report_pivot_aggregates(fields, annotated)
        aggregate_specs = list(aggregates.values())
        order = ",".join(specs)
        report = self._report_reader(domain, specs, aggregate_specs, (), order)
        columns = report._report_read_columns(domain, specs, aggregate_specs, order)
        result = {
            "length": len(columns[-1]),
            "domain": expression.normalize_domain(list(domain or [])),
            "groupby": [],
            "aggregates": dict(zip(aggregates, columns[len(specs) :], strict=True)),
        }
        for (key, spec), column in zip(annotated.items(), columns, strict=False):
            field = self._fields[parse_read_group_spec(spec)[0]]
            keys, formatted = self._report_format_grouping(column, key, field)
            distinct = list(dict.fromkeys(keys))
            position = {value_key: index for index, value_key in enumerate(distinct)}
            result["groupby"].append(
                {
                    "key": key,
                    "values": [formatted[value_key][0] for value_key in distinct],
                    "domains": [formatted[value_key][2] for value_key in distinct],
                    "index": [position[value_key] for value_key in keys],
                }
            )
        return result

    @api.model
    def _report_pivot_aggregates(self, fields, annotated_groupby):
        """{name in the result: aggregate} of ``read_group``'s ``fields``,
        named as ``read_group`` names them when it is not lazy."""
        aggregates = {"__count": "__count"}
        for spec in fields:
            if spec == "__count":
                continue
            match = regex_field_agg.match(spec)
            if not match:
                raise ValueError(f"Invalid field specification {spec!r}.")
            name, func, fname = match.groups()
            if fname:
                aggregates[name] = f"{fname}:{func}"
            elif func:
                aggregates[name] = f"{name}:{func}"
            else:
                if name not in self._fields:
                    raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
                field = self._fields[name].base_field
                if (
                    field.store
                    and field.column_type
                    and field.aggregator
                    and spec not in annotated_groupby
                ):
                    aggregates[name] = f"{name}:{field.aggregator}"
        return aggregates

    @api.model
    def _report_read_columns(self, domain, groupby, aggregates, order):
        """``_read_group(domain, groupby, aggregates, order=order)`` in
        columns: one list per grouping and per aggregate, a value per group;
        a grouping by records gives ids (``False`` for none).

        Odoo's ``_read_group`` turns its rows into columns with
        ``zip(*rows)``, an iterator per row, and back into rows of records:
        objects the garbage collector tracks, thousands at the pivot of
        every place by month. This reads the same query, as Odoo builds
        it, column by column."""
        self.browse().check_access("read")
        if expression.is_false(self, domain):
            rows = []
            if not groupby:
                # without groups, PostgreSQL always returns a row
                rows = [tuple(self._read_group_empty_value(a) for a in aggregates)]
        else:
            query = self._search(domain)
            terms = {spec: self._read_group_groupby(spec, query) for spec in groupby}
            if terms:
                query.groupby = SQL(", ").join(terms.values())
                query.order = self._read_group_orderby(order, terms, query)
            selects = [self._read_group_select(spec, query) for spec in aggregates]
            rows = self.env.execute_query(query.select(*terms.values(), *selects))
        columns = []
        for index, spec in enumerate(groupby):
            raw = [row[index] for row in rows]
            if self._fields[parse_read_group_spec(spec)[0]].relational:
                columns.append([value or False for value in raw])
            else:
                columns.append(list(self._read_group_postprocess_groupby(spec, raw)))
        for index, spec in enumerate(aggregates, len(groupby)):
            raw = [row[index] for row in rows]
            columns.append(list(self._read_group_postprocess_aggregate(spec, raw)))
        return columns

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """Odoo's formatting of the groups, done once per distinct value of
        each grouping rather than once per group: the pivot of every place
        by month has thousands of groups but a few hundred places and a few
        months, and Odoo formats each group's place (a sudo environment and
        a display name each), month label (babel) and domain anew.

        The result is the same as Odoo's (tested against
        ``models.Model._read_group_format_result``): a record is ``(id,
        display name)`` read as superuser, every other value is formatted by
        Odoo itself on one group holding it; a group's domain is the
        request's and its values', combined as ``expression.AND`` combines
        them one grouping after the other."""
        fields_ = [self._fields[g.split(":")[0].split(".")[0]] for g in lazy_groupby]
        if (
            len(rows_dict) < FORMAT_ONCE_FROM
            or not lazy_groupby
            or any(field.type == "properties" for field in fields_)
        ):
            return super()._read_group_format_result(rows_dict, lazy_groupby)
        # each row's normalized parts of its domain, the request's first
        parts = self._report_domain_parts(rows_dict)
        for group, field in zip(lazy_groupby, fields_, strict=True):
            values = [row[group] for row in rows_dict]
            sample = None
            if field.relational:
                # a row's value is one record or none
                sample = next((value for value in values if value), None)
                values = [value._ids[0] if value else False for value in values]
            keys, formatted = self._report_format_grouping(values, group, field, sample)
            for row, row_parts, key in zip(rows_dict, parts, keys, strict=True):
                value, value_range, domain = formatted[key]
                row[group] = value
                if value_range is not NO_RANGE:
                    row.setdefault("__range", {})[group] = value_range
                row_parts.append(domain)
        for row, row_parts in zip(rows_dict, parts, strict=True):
            row["__domain"] = self._report_and(row_parts)
        return rows_dict

    @api.model
    def _report_domain_parts(self, rows_dict):
        """[[the row's domain, normalized]] for each row; rows share the
        request's domain: it is normalized once."""
        parts = []
        last = normalized = None
        for row in rows_dict:
            domain = row["__domain"]
            if domain is not last:
                last, normalized = domain, expression.normalize_domain(domain)
            parts.append([normalized])
        return parts

    @api.model
    def _report_format_grouping(self, values, group, field, sample=None):
        """``(keys, formatted)`` of a grouping's column of values, as
        ``_report_format_records`` (ids, for a grouping by records) or
        ``_report_format_values`` formats them."""
        if field.relational:
            return self._report_format_records(values, field, sample)
        return self._report_format_values(values, group)

    @api.model
    def _report_format_records(self, ids, field, sample=None):
        """A grouping by records formatted as Odoo formats it: ``(keys,
        formatted)``, each row's key (the record's id or ``False``) and, for
        each key, ``(value, NO_RANGE, domain)``: ``(id, display name read as
        superuser)`` and ``[(field, '=', id)]``, ``[(field, 'not any', [])]``
        for the group of a many2many without any, ``False`` and ``[(field,
        '=', False)]`` for the group of a many2one without any. The display
        names are read at once, as superuser, in the environment of
        ``sample`` (one of the records, as ``_read_group`` gives them)."""
        name = field.name
        distinct = [record_id for record_id in dict.fromkeys(ids) if record_id]
        names = {}
        if distinct:
            if sample is None:
                sample = self.env[field.comodel_name]
            records = sample.browse(distinct).sudo()
            names = dict(zip(distinct, records.mapped("display_name"), strict=True))
        # normalized as expression.AND normalizes them
        normalize = expression.normalize_domain
        if field.type == "many2many":
            empty = normalize([(name, "not any", [])])
        else:
            empty = normalize([(name, "=", False)])
        formatted = {False: (False, NO_RANGE, empty)}
        for record_id in distinct:
            formatted[record_id] = (
                (record_id, names[record_id]),
                NO_RANGE,
                normalize([(name, "=", record_id)]),
            )
        return ids, formatted

    @api.model
    def _report_format_values(self, values, group):
        """A grouping by values (dates, selections, ...) formatted by Odoo
        itself, once for each distinct value, on one group that holds it:
        ``(keys, formatted)``, each row's key and, for each key, ``(value,
        range or NO_RANGE, domain)``."""
        samples = {}
        keys = []
        for value in values:
            # False and 0, True and 1 are different groups
            key = (type(value), value)
            keys.append(key)
            if key not in samples:
                samples[key] = {group: value, "__domain": []}
        super()._read_group_format_result(list(samples.values()), [group])
        formatted = {
            key: (
                sample[group],
                sample["__range"][group] if "__range" in sample else NO_RANGE,
                expression.normalize_domain(sample["__domain"]),
            )
            for key, sample in samples.items()
        }
        return keys, formatted

    def _read_group_postprocess_groupby(self, groupby_spec, raw_values):
        """Odoo's records of the groups, one recordset a distinct value: the
        pivot's thousands of groups share a few hundred places."""
        field = self._fields[parse_read_group_spec(groupby_spec)[0]]
        if not field.relational:
            return super()._read_group_postprocess_groupby(groupby_spec, raw_values)
        raw_values = list(raw_values)
        distinct = list(dict.fromkeys(raw_values))
        records = super()._read_group_postprocess_groupby(groupby_spec, distinct)
        by_value = dict(zip(distinct, records, strict=True))
        return (by_value[value] for value in raw_values)

    @staticmethod
    def _report_and(domains):
        """``expression.AND(domains)`` of normalized domains, as Odoo makes
        a group's domain: the ones always true left out, one always false
        makes it false."""
        true, false = [expression.TRUE_LEAF], [expression.FALSE_LEAF]
        result = []
        count = 0
        for domain in domains:
            if domain == true:
                continue
            if domain == false:
                return false
            result += domain
            count += 1
        return ["&"] * (count - 1) + result if count else true

    def _read_group_select(self, aggregate_spec, query):
        """Counts are the reviews'; averages and shares are ratios of sums."""
        column = self._report_sum_sql
        if aggregate_spec == "__count":
            if self.env.context.get("review_report_grain") == "month":
                return column("review_count")
            return super()._read_group_select(aggregate_spec, query)
        fname, property_name, func = parse_read_group_spec(aggregate_spec)
        if func == "avg" and not property_name and fname in self._report_ratio_fields():
            return self._report_ratio_sql(fname, column)
        return super()._read_group_select(aggregate_spec, query)

    def _report_sum_sql(self, column):
        return SQL("SUM(%s)", SQL.identifier(self._table, column))

    @api.model
    def _report_ratio_fields(self):
        return {*self._report_ratios(), "response_hours_median"}

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self.env.context.get("review_report_grain") != "month":
            domain = self._report_date_prefilter(domain)
        return super()._search(domain, offset, limit, order)

    @api.model
    def _report_date_prefilter(self, domain):
        """A review's date is computed in its company's time zone: no index
        serves it. Each bound of the date in a plain conjunction brings a
        bound of the received time, one day wider, that the index of the
        reviews' dates serves."""
        normalized = expression.normalize_domain(list(domain or []))
        if any(item in ("|", "!") for item in normalized):
            return domain
        extra = []
        for item in normalized:
            if not isinstance(item, list | tuple) or item[0] != "date":
                continue
            _path, operator, value = item
            try:
                day = fields.Date.to_date(value)
            except (TypeError, ValueError):
                continue
            if not day or operator not in (">=", ">", "<=", "<"):
                continue
            midnight = datetime.combine(day, time.min)
            bound = {
                ">=": (">=", midnight - TZ_MARGIN),
                ">": (">=", midnight),
                "<=": ("<", midnight + 2 * TZ_MARGIN),
                "<": ("<", midnight + TZ_MARGIN),
            }[operator]
            extra.append(("review_date", bound[0], fields.Datetime.to_string(bound[1])))
        if not extra:
            return domain
        return expression.AND([normalized, extra])

    # ------------------------------------------------------------------
    # Keeping the months up to date
    # ------------------------------------------------------------------

    @api.model
    def _report_signature(self):
        """Changes with what a month row holds (its columns, how they are
        summed, how a review is dated): the table is then rebuilt."""
        insert = self._report_insert_months()
        text = repr((insert.code, insert.params))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def init(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                """CREATE OR REPLACE FUNCTION review_report_tz(name varchar)
                   RETURNS varchar LANGUAGE plpgsql STABLE AS $$
                   BEGIN
                       IF name IS NULL OR name = '' THEN
                           RETURN 'UTC';
                       END IF;
                       PERFORM now() AT TIME ZONE name;
                       RETURN name;
                   EXCEPTION WHEN OTHERS THEN
                       RETURN 'UTC';
                   END $$"""
            )
        )
        measures = self._report_measures()
        rebuild = not table_exists(cr, MONTH_TABLE)
        cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %s (
                       id serial PRIMARY KEY,
                       company_id integer NOT NULL,
                       place_id integer NOT NULL,
                       date date NOT NULL)""",
                SQL.identifier(MONTH_TABLE),
            )
        )
        for name, (sql_type, _expr) in measures.items():
            if not column_exists(cr, MONTH_TABLE, name):
                cr.execute(
                    SQL(
                        "ALTER TABLE %s ADD COLUMN %s %s",
                        SQL.identifier(MONTH_TABLE),
                        SQL.identifier(name),
                        SQL(sql_type),
                    )
                )
                rebuild = True
        create_index(
            cr, f"{MONTH_TABLE}_place_date_index", MONTH_TABLE, ["place_id", "date"]
        )
        # the reviews of the months logged as changed, place by place
        create_index(
            cr,
            "review_message_place_date_index",
            "review_message",
            ["place_id", "review_date"],
        )
        create_index(
            cr, f"{MONTH_TABLE}_company_date_index", MONTH_TABLE, ["company_id", "date"]
        )
        # a month (date), or a review's company and date to find it from
        cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS %s (
                       id bigserial PRIMARY KEY,
                       place_id integer NOT NULL,
                       date date,
                       company_id integer,
                       review_date timestamp)""",
                SQL.identifier(DIRTY_TABLE),
            )
        )
        self._report_create_triggers()
        signature = self._report_signature()
        cr.execute(
            SQL(
                "SELECT obj_description(%s::regclass, 'pg_class')",
                MONTH_TABLE,
            )
        )
        if rebuild or cr.fetchone()[0] != signature:
            self._report_rebuild()
            cr.execute(
                SQL(
                    "COMMENT ON TABLE %s IS %s",
                    SQL.identifier(MONTH_TABLE),
                    signature,
                )
            )

    @api.model
    def _report_cells_sql(self, rows):
        """The (place, month) of the reviews in ``rows`` (an SQL relation with
        place_id, company_id and review_date)."""
        return SQL(
            """SELECT DISTINCT r.place_id, date_trunc('month', %s)::date
                 FROM %s r JOIN %s tz ON tz.id = r.company_id""",
            self._report_local_date_sql("r"),
            rows,
            self._report_tz_table(),
        )

    @api.model
    def _report_create_triggers(self):
        """Log the months that change: new, deleted, moved or changed
        reviews (in bulk: one statement logs its rows at once), customer
        conversations, a company's time zone."""
        cr = self.env.cr
        dirty = SQL.identifier(DIRTY_TABLE)
        insert = SQL("INSERT INTO %s (place_id, date)", dirty)
        new_rows = SQL("(SELECT * FROM new_rows WHERE state != 'spam')")
        old_rows = SQL("(SELECT * FROM old_rows WHERE state != 'spam')")
        tracked = self._report_tracked_columns()
        changed = SQL(" OR ").join(
            SQL(
                "OLD.%s IS DISTINCT FROM NEW.%s",
                SQL.identifier(column),
                SQL.identifier(column),
            )
            for column in tracked
        )

        def entry_reviews(rows):
            return SQL(
                """(SELECT m.place_id, m.company_id, m.review_date
                      FROM review_message m
                     WHERE m.state != 'spam' AND m.id IN (SELECT review_id FROM %s))""",
                SQL.identifier(rows),
            )

        statements = [
            SQL(
                """CREATE OR REPLACE FUNCTION review_report_message_rows()
                   RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                       IF TG_OP = 'INSERT' THEN
                           %(insert)s %(new)s;
                       ELSE
                           %(insert)s %(old)s;
                       END IF;
                       RETURN NULL;
                   END $$""",
                insert=insert,
                new=self._report_cells_sql(new_rows),
                old=self._report_cells_sql(old_rows),
            ),
            # Row by row: as cheap as can be (the months are found later).
            SQL(
                """CREATE OR REPLACE FUNCTION review_report_message_row()
                   RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                       INSERT INTO %(dirty)s (place_id, company_id, review_date)
                       VALUES (NEW.place_id, NEW.company_id, NEW.review_date);
                       IF (OLD.place_id, OLD.company_id, OLD.review_date)
                          IS DISTINCT FROM
                          (NEW.place_id, NEW.company_id, NEW.review_date) THEN
                           INSERT INTO %(dirty)s (place_id, company_id, review_date)
                           VALUES (OLD.place_id, OLD.company_id, OLD.review_date);
                       END IF;
                       RETURN NULL;
                   END $$""",
                dirty=dirty,
            ),
            SQL(
                """CREATE OR REPLACE FUNCTION review_report_entry_rows()
                   RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                       IF TG_OP = 'INSERT' THEN
                           %(insert)s %(new)s;
                       ELSE
                           %(insert)s %(old)s;
                       END IF;
                       RETURN NULL;
                   END $$""",
                insert=insert,
                new=self._report_cells_sql(entry_reviews("new_rows")),
                old=self._report_cells_sql(entry_reviews("old_rows")),
            ),
            SQL(
                """CREATE OR REPLACE FUNCTION review_report_entry_row()
                   RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                       %(insert)s %(cells)s;
                       RETURN NULL;
                   END $$""",
                insert=insert,
                cells=self._report_cells_sql(
                    SQL(
                        """(SELECT m.place_id, m.company_id, m.review_date
                              FROM review_message m
                             WHERE m.state != 'spam'
                               AND m.id IN (NEW.review_id, OLD.review_id))"""
                    )
                ),
            ),
            # A company's time zone moves its months: its rows are dropped
            # and its reviews' months logged.
            SQL(
                """CREATE OR REPLACE FUNCTION review_report_partner_tz()
                   RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                       IF EXISTS (SELECT 1 FROM res_company
                                   WHERE partner_id = NEW.id) THEN
                           DELETE FROM %(month)s
                            WHERE company_id IN (SELECT id FROM res_company
                                                  WHERE partner_id = NEW.id);
                           %(insert)s %(cells)s;
                       END IF;
                       RETURN NULL;
                   END $$""",
                month=SQL.identifier(MONTH_TABLE),
                insert=insert,
                cells=self._report_cells_sql(
                    SQL(
                        """(SELECT m.place_id, m.company_id, m.review_date
                              FROM review_message m
                              JOIN res_company c ON c.id = m.company_id
                             WHERE m.state != 'spam' AND c.partner_id = NEW.id)"""
                    )
                ),
            ),
        ]
        for statement in statements:
            cr.execute(statement)
        triggers = [
            (
                "review_message",
                "review_report_message_insert",
                SQL(
                    "AFTER INSERT ON review_message REFERENCING NEW TABLE AS new_rows "
                    "FOR EACH STATEMENT EXECUTE FUNCTION review_report_message_rows()"
                ),
            ),
            (
                "review_message",
                "review_report_message_delete",
                SQL(
                    "AFTER DELETE ON review_message REFERENCING OLD TABLE AS old_rows "
                    "FOR EACH STATEMENT EXECUTE FUNCTION review_report_message_rows()"
                ),
            ),
            (
                "review_message",
                "review_report_message_update",
                SQL(
                    "AFTER UPDATE OF %s ON review_message FOR EACH ROW WHEN (%s) "
                    "EXECUTE FUNCTION review_report_message_row()",
                    SQL(", ").join(SQL.identifier(c) for c in tracked),
                    changed,
                ),
            ),
            (
                "review_conversation_entry",
                "review_report_entry_insert",
                SQL(
                    "AFTER INSERT ON review_conversation_entry "
                    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                    "EXECUTE FUNCTION review_report_entry_rows()"
                ),
            ),
            (
                "review_conversation_entry",
                "review_report_entry_delete",
                SQL(
                    "AFTER DELETE ON review_conversation_entry "
                    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
                    "EXECUTE FUNCTION review_report_entry_rows()"
                ),
            ),
            (
                "review_conversation_entry",
                "review_report_entry_update",
                SQL(
                    "AFTER UPDATE OF review_id, author_type "
                    "ON review_conversation_entry "
                    "FOR EACH ROW WHEN (OLD.review_id IS DISTINCT FROM NEW.review_id "
                    "OR OLD.author_type IS DISTINCT FROM NEW.author_type) "
                    "EXECUTE FUNCTION review_report_entry_row()"
                ),
            ),
            (
                "res_partner",
                "review_report_partner_tz",
                SQL(
                    "AFTER UPDATE OF tz ON res_partner FOR EACH ROW "
                    "WHEN (OLD.tz IS DISTINCT FROM NEW.tz) "
                    "EXECUTE FUNCTION review_report_partner_tz()"
                ),
            ),
        ]
        for table, name, definition in triggers:
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s",
                    SQL.identifier(name),
                    SQL.identifier(table),
                )
            )
            cr.execute(SQL("CREATE TRIGGER %s %s", SQL.identifier(name), definition))

    @api.model
    def _report_drop(self):
        """Drop the triggers, functions and tables of the analysis (the
        module's uninstallation): the triggers on review_message and
        review_conversation_entry go with their functions."""
        cr = self.env.cr
        cr.execute(
            SQL("DROP TRIGGER IF EXISTS review_report_partner_tz ON res_partner")
        )
        for function in (
            "review_report_message_rows",
            "review_report_message_row",
            "review_report_entry_rows",
            "review_report_entry_row",
            "review_report_partner_tz",
            "review_report_tz(varchar)",
        ):
            cr.execute(SQL("DROP FUNCTION IF EXISTS %s CASCADE", SQL(function)))
        for table in (MONTH_TABLE, DIRTY_TABLE):
            cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))

    def _report_insert_months(self, cells=None):
        columns = SQL(", ").join(
            SQL.identifier(name) for name in self._report_measures()
        )
        rows = self._report_month_rows_of_reviews(cells)
        return SQL(
            """INSERT INTO %(table)s (company_id, place_id, date, %(columns)s)
               SELECT company_id, place_id, date, %(columns)s FROM (%(rows)s) s""",
            table=SQL.identifier(MONTH_TABLE),
            columns=columns,
            rows=rows,
        )

    @api.model
    def _report_rebuild(self):
        """Every month of every place, from the reviews."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(DIRTY_TABLE)))
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(MONTH_TABLE)))
        cr.execute(self._report_insert_months())
        _logger.info("review.report: %s months of places rebuilt", cr.rowcount)

    @api.model
    def _report_fold(self):
        """Recompute the months logged as changed, and forget them.

        Only the log rows this transaction sees are recomputed and deleted;
        rows logged meanwhile by other transactions stay for the next run
        (and are read from the reviews until then)."""
        self.env.flush_all()
        cr = self.env.cr
        dirty = SQL.identifier(DIRTY_TABLE)
        month = SQL.identifier(MONTH_TABLE)
        cr.execute(SQL("SELECT max(id) FROM %s", dirty))
        last = cr.fetchone()[0]
        if last is None:
            return 0
        cells = self._report_dirty_cells_sql(last)
        cr.execute(
            SQL(
                """DELETE FROM %s t USING (%s) c
                    WHERE t.place_id = c.place_id AND t.date = c.date""",
                month,
                cells,
            )
        )
        cr.execute(self._report_insert_months(cells))
        cr.execute(SQL("DELETE FROM %s WHERE id <= %s", dirty, last))
        return cr.rowcount

    @api.model
    def _cron_fold(self):
        folded = self.sudo()._report_fold()
        _logger.info("review.report: %s changes of the months folded", folded)

    @api.model
    def _report_touch(self, reviews):
        """Log the months of ``reviews`` as changed: for a bridge whose
        measure counts what changes outside the review itself."""
        reviews.flush_recordset(["place_id", "company_id", "review_date", "state"])
        if not reviews:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (place_id, date) %s",
                SQL.identifier(DIRTY_TABLE),
                self._report_cells_sql(
                    SQL(
                        """(SELECT place_id, company_id, review_date FROM review_message
                             WHERE state != 'spam' AND id IN %s)""",
                        tuple(reviews.ids),
                    )
                ),
            )
        )
