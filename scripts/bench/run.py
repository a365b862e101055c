"""Measure the inbox and the customer page over HTTP, as the web client calls
them, on a running Odoo server (multi-process mode).

For each request the server's own figures are used: Odoo logs every HTTP
request with its number of SQL queries, the time spent in SQL and the rest
(``werkzeug`` log lines, see ``odoo/netsvc.py``), and, with a read replica,
whether the request ran on the replica (``ro``) or the primary (``rw``).
The client sends one request at a time (except the concurrency scenarios),
so each request's log line is the one written while it was served.

Usage::

    python scripts/bench/run.py --url http://127.0.0.1:8070 --log odoo.log \
        --db DB --known tokens.json --label 1M --out results.json
"""

import argparse
import datetime
import importlib.util
import json
import re
import secrets
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[2]
# The server wrapper and JSON-RPC client shared with the end-to-end tests.
sys.path.insert(0, str(ROOT))
from tests.harness import JsonRpcClient  # noqa: E402

# The requests of the Inbox's views, the same as the query-count tests'.
_spec = importlib.util.spec_from_file_location(
    "inbox_requests", ROOT / "review_inbox" / "tests" / "inbox_requests.py"
)
inbox_requests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(inbox_requests)
INBOX = inbox_requests.INBOX
KANBAN_SPEC = inbox_requests.KANBAN_SPEC
LIST_SPEC = inbox_requests.LIST_SPEC

LOG_LINE = re.compile(
    r'werkzeug: \S+ - - \[[^\]]+\] "(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" '
    r"(?P<status>\d{3}) \S+ (?P<queries>\d+) (?P<sql>[\d.]+) (?P<rest>[\d.]+)"
    r"(?: (?P<mode>\S+))?"
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# Odoo's own Ratings menu (rating module), list and kanban views.
RATING_LIST_SPEC = {
    "create_date": {},
    "rated_partner_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "parent_res_name": {},
    "res_name": {},
    "rating_text": {},
}
RATING_KANBAN_SPEC = {
    "rating": {},
    "rating_image": {},
    "partner_id": {"fields": {"display_name": {}}},
    "res_name": {},
    "create_date": {},
    "feedback": {},
    "rating_text": {},
}
ACTION = "review_inbox.review_message_action_inbox"
# The reviews analysis: the pivot's measures, as the view asks for them.
PIVOT_MEASURES = [
    "review_count:sum",
    "rating_avg:avg",
    "response_rate:avg",
    "response_hours_avg:avg",
]
# The weekly digest's figures of a place and week (review.digest).
DIGEST_MEASURES = [
    "__count",
    "rating_avg:avg",
    "response_rate:avg",
    "late_alert_count:sum",
]


class LogReader:
    """Reads the werkzeug lines the server appended since the last call."""

    def __init__(self, path):
        self.file = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
        self.file.seek(0, 2)

    def lines(self):
        found = []
        for line in self.file.readlines():
            match = LOG_LINE.search(line)
            if match:
                found.append(match.groupdict())
        return found


class Client(JsonRpcClient):
    """A logged-in web client session (JSON-RPC, as the web client sends it),
    in the Inbox's action."""

    def __init__(self, url, db, login, password):
        super().__init__(url, db, login, password, web=True, session=new_session())
        self.context["allowed_company_ids"] = [
            self.session_info["user_companies"]["current_company"]
        ]
        self.context["params"] = {"action": ACTION, "actionStack": [{"action": ACTION}]}

    # -- the screens ------------------------------------------------------

    def kanban(self, domain):
        """Kanban grouped by priority: the groups, then the first page of each
        column (what the kanban view sends when it opens)."""
        groups = self.call_kw(
            "review.message",
            "web_read_group",
            domain=domain,
            fields=[],
            groupby=["priority"],
            orderby="",
            lazy=True,
            offset=0,
            limit=9007199254740991,
        )
        columns = []
        for group in groups["groups"]:
            if not group["priority_count"]:
                continue
            priority = (
                group["priority"][0]
                if isinstance(group["priority"], list)
                else group["priority"]
            )
            columns.append(
                (
                    ["&", *domain, ["priority", "=", priority]]
                    if domain
                    else [["priority", "=", priority]],
                    priority,
                )
            )
        # The web client asks for the columns at once.
        with ThreadPoolExecutor(max_workers=len(columns) or 1) as pool:
            list(pool.map(self._column, columns))

    def _column(self, column):
        domain, priority = column
        client = self.connection(new_session())
        return client.page(
            "review.message", KANBAN_SPEC, domain, default_priority=priority
        )

    def page(self, model, specification, domain, order="", **context):
        """The first page of a list, or of a kanban (column), as its view
        asks for it."""
        return self.call_kw(
            model,
            "web_search_read",
            specification=specification,
            offset=0,
            order=order,
            limit=80,
            context=dict(self.context, bin_size=True, **context),
            count_limit=10001,
            domain=domain,
        )

    def list(self, domain):
        return self.page("review.message", LIST_SPEC, domain, "review_date DESC")

    def state_counters(self, search_domain=()):
        self.call_kw(
            "review.message",
            "search_panel_select_range",
            ["state"],
            category_domain=[],
            enable_counters=True,
            expand=True,
            filter_domain=[],
            hierarchize=True,
            limit=200,
            search_domain=list(search_domain),
        )

    def place_counters(self, search_domain=()):
        self.call_kw(
            "review.message",
            "search_panel_select_multi_range",
            ["place_id"],
            category_domain=INBOX,
            comodel_domain=[],
            enable_counters=True,
            filter_domain=[],
            expand=False,
            group_by=False,
            group_domain=[],
            limit=200,
            search_domain=list(search_domain),
        )

    def ratings(self, specification):
        """Odoo's own Ratings menu (rating module): its list or kanban."""
        self.page("rating.rating", specification, [])

    # -- the reviews analysis (review.report) and its baselines ------------

    def read_group(self, model, domain, fields, groupby, **context):
        return self.call_kw(
            model,
            "read_group",
            domain=domain,
            fields=fields,
            groupby=groupby,
            lazy=False,
            context=dict(self.context, **context),
        )

    def read_pivot(self, domain, groupby):
        """One request of the reviews analysis' pivot, as its view
        (review_report_pivot) sends it: the groups in columns."""
        return self.call_kw(
            "review.report",
            "read_pivot",
            [domain, PIVOT_MEASURES, groupby],
            context=self.context,
        )

    def report_pivot(self, domain):
        """P13: the pivot's cells, places by month (its largest request)."""
        return self.read_pivot(domain, ["place_id", "date:month"])

    def report_pivot_all(self, domain):
        """P13b: every request of the pivot, its totals included, one after
        the other (the web client sends them at once)."""
        for groupby in ([], ["place_id"], ["date:month"], ["place_id", "date:month"]):
            self.read_pivot(domain, groupby)

    def report_read_group(self, domain):
        """P13r: the same cells by read_group, one object a group (how a
        spreadsheet's pivot, an export or an integration reads them)."""
        return self.read_group(
            "review.report", domain, PIVOT_MEASURES, ["place_id", "date:month"]
        )

    def review_pivot(self, domain):
        """B13: the same figures from the reviews, read_group on
        review.message: counts, ratings (the rated ones), responses (the
        answered ones)."""
        groupby = ["place_id", "review_date:month"]
        self.read_group("review.message", domain, ["__count"], groupby)
        self.read_group(
            "review.message", [*domain, ["rating", ">", 0]], ["rating:avg"], groupby
        )
        self.read_group(
            "review.message",
            [*domain, ["first_response_date", "!=", False]],
            ["first_response_hours:avg"],
            groupby,
        )

    def report_graph(self, domain):
        """P14: the graph of the monthly average rating, as the view asks."""
        return self.call_kw(
            "review.report",
            "web_read_group",
            domain=domain,
            fields=["__count", "rating_avg:avg"],
            groupby=["date:month"],
            lazy=False,
            context=dict(self.context, fill_temporal=True),
        )

    def review_graph(self, domain):
        """B14: the same from the reviews (the rated ones)."""
        return self.call_kw(
            "review.message",
            "web_read_group",
            domain=[*domain, ["rating", ">", 0]],
            fields=["__count", "rating:avg"],
            groupby=["review_date:month"],
            lazy=False,
            context=dict(self.context, fill_temporal=True),
        )


def new_session():
    # Odoo's prefork workers close each connection after one request: no
    # keep-alive, so a later POST never lands on a connection already closed.
    session = requests.Session()
    session.headers["Connection"] = "close"
    return session


RESETS = []  # connection resets met by submit(), each retried


def submit(session, url, data, timeout=60):
    """POST a customer's answer as a person would: when the connection is
    reset before an answer comes back, send it again. Odoo's prefork server
    listens with a backlog of 8 connections per worker: a burst beyond that
    is reset by the kernel before Odoo sees it. Sending again is safe here:
    the link is single-use, a second send stores nothing more (410)."""
    for attempt in range(6):
        try:
            return session.post(url, data=data, allow_redirects=False, timeout=timeout)
        except requests.ConnectionError:
            RESETS.append(url)
            time.sleep(0.2 * (attempt + 1))
    return session.post(url, data=data, allow_redirects=False, timeout=timeout)


def last_months_start(count):
    """The first day of the month ``count - 1`` months ago: the last
    ``count`` whole months, this one included (the report's filter)."""
    today = datetime.date.today()
    month = today.year * 12 + today.month - 1 - (count - 1)
    return datetime.date(month // 12, month % 12 + 1, 1).isoformat()


def digest_weeks():
    """The weeks of the digest sent today (review.digest._digest_weeks)."""
    today = datetime.date.today()
    last = today - datetime.timedelta(days=today.weekday() + 7)
    before = last - datetime.timedelta(days=7)
    end = last + datetime.timedelta(days=7)
    return before.isoformat(), last.isoformat(), end.isoformat()


def text_domain(term):
    # The search view's "Review or customer" field.
    return ["|", ["body", "ilike", term], ["partner_name", "ilike", term]]


def percentile(values, pct):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * pct / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def server_time(lines):
    """Server time of a scenario, in ms: its requests one after the other,
    except the kanban's columns, which the web client asks for at once after
    the groups: there, the groups plus the slowest column."""
    times = [(float(line["sql"]) + float(line["rest"])) * 1000 for line in lines]
    groups = [i for i, line in enumerate(lines) if "web_read_group" in line["path"]]
    if groups and len(lines) > 1:
        columns = [t for i, t in enumerate(times) if i not in groups]
        return sum(times[i] for i in groups) + max(columns)
    return sum(times)


def summarize(samples):
    """samples: [(queries, server_ms, client_ms, modes)] per scenario run."""
    queries = [s[0] for s in samples]
    server = [s[1] for s in samples]
    client = [s[2] for s in samples]
    modes = sorted({m for s in samples for m in s[3] if m})
    return {
        "runs": len(samples),
        # the usual count: a worker's first request after a start or a cache
        # clear makes a few more (queries_max)
        "queries": statistics.mode(queries),
        "queries_max": max(queries),
        "queries_min": min(queries),
        "p50_ms": round(percentile(server, 50), 1),
        "p95_ms": round(percentile(server, 95), 1),
        "client_p50_ms": round(percentile(client, 50), 1),
        "client_p95_ms": round(percentile(client, 95), 1),
        "requests": len(samples[0][4]) if samples else 0,
        "cursor_modes": modes,
    }


class Bench:
    def __init__(self, args):
        self.args = args
        self.log = LogReader(args.log)
        self.known = json.load(open(args.known))  # noqa: SIM115
        self.results = {}

    def measure(self, fn, warmup=None, calls=None):
        """Run fn (one scenario) warmup + calls times, one at a time."""
        warmup = self.args.warmup if warmup is None else warmup
        calls = self.args.calls if calls is None else calls
        for _ in range(warmup):
            fn()
        self.log.lines()
        samples = []
        for _ in range(calls):
            started = time.perf_counter()
            fn()
            client_ms = (time.perf_counter() - started) * 1000
            lines = self.log.lines()
            if not lines:
                time.sleep(0.05)
                lines = self.log.lines()
            samples.append(
                (
                    sum(int(line["queries"]) for line in lines),
                    server_time(lines),
                    client_ms,
                    [line["mode"] for line in lines],
                    [(line["method"], line["path"], line["status"]) for line in lines],
                )
            )
        return summarize(samples)

    def runs(self, key):
        """The reports' baselines read every review: seconds each at a
        million, so fewer runs (``--baseline-calls``)."""
        if key.startswith("B"):
            return {"warmup": 1, "calls": self.args.baseline_calls}
        return {}

    def record(self, key, who, result):
        self.results.setdefault(key, {})[who] = result
        print(
            f"{key:<6} {who:<14} queries={result['queries']:<3} "
            f"p50={result['p50_ms']:>7} ms p95={result['p95_ms']:>7} ms "
            f"(client p95 {result['client_p95_ms']} ms) "
            f"{','.join(result['cursor_modes'])}",
            flush=True,
        )

    # -- scenarios --------------------------------------------------------

    def backend(self, scenarios):
        users = {"user5": "bench_user5", "manager": "bench_manager"}
        group = [["place_group_ids", "in", [self.known["group_id"]]]]
        since = last_months_start(12)
        months = [["date", ">=", since]]
        reviews_since = [["state", "!=", "spam"], ["review_date", ">=", since]]
        reviews_of_group = [["state", "!=", "spam"], *group]
        term = self.args.term
        for who, login in users.items():
            client = Client(self.args.url, self.args.db, login, login)
            plan = {
                "P1": lambda c=client: c.kanban(INBOX),
                "P2": lambda c=client: c.list(INBOX),
                "P3": lambda c=client: c.kanban(INBOX + group),
                "P4": lambda c=client: c.state_counters(),
                "P4b": lambda c=client: c.place_counters(),
                "P5": lambda c=client: c.list(["&", *text_domain(term), *INBOX]),
                "P5b": lambda c=client: c.list(
                    ["&", *text_domain(self.args.name), *INBOX]
                ),
                "P9": lambda c=client: c.kanban([]),
                "R1": lambda c=client: c.ratings(RATING_LIST_SPEC),
                "R2": lambda c=client: c.ratings(RATING_KANBAN_SPEC),
                "P13": lambda c=client: c.report_pivot(months),
                "P13b": lambda c=client: c.report_pivot_all(months),
                "P13r": lambda c=client: c.report_read_group(months),
                "B13": lambda c=client: c.review_pivot(reviews_since),
                "P14": lambda c=client: c.report_graph(group),
                "B14": lambda c=client: c.review_graph(reviews_of_group),
            }
            for key in [k for k in plan if k.rstrip("b") in scenarios]:
                baseline = key.startswith(("R", "B"))
                if key in plan and not (baseline and who != "manager"):
                    self.record(key, who, self.measure(plan[key], **self.runs(key)))

    def public(self, scenarios):
        url = self.args.url
        tokens = list(self.known["tokens"])
        # 5 links for the page, 1 spent for P8, the rest answered once each.
        get_tokens, p8_token, post_tokens = tokens[:5], tokens[5], tokens[6:]
        if "P7" in scenarios:
            session = new_session()
            it = iter(range(10**9))

            def page():
                token = get_tokens[next(it) % len(get_tokens)]
                r = session.get(f"{url}/review/reply/{token}", timeout=60)
                assert r.status_code == 200, r.status_code

            self.record("P7", "public", self.measure(page))
        spent = []
        if "P6" in scenarios:
            prepared = []

            def prepare(token):
                session = new_session()
                r = session.get(f"{url}/review/reply/{token}", timeout=60)
                assert r.status_code == 200, (r.status_code, token)
                return session, token, CSRF.search(r.text).group(1)

            n = self.args.warmup + self.args.calls
            prepared = [prepare(t) for t in post_tokens[:n]]
            self.log.lines()
            it = iter(prepared)

            def answer():
                session, token, csrf = next(it)
                r = session.post(
                    f"{url}/review/reply/{token}",
                    data={
                        "csrf_token": csrf,
                        "answer": "Thanks, here is what happened.",
                    },
                    allow_redirects=False,
                    timeout=60,
                )
                assert r.status_code in (302, 303), (r.status_code, r.text[:300])
                spent.append(token)

            self.record("P6", "public", self.measure(answer))
            # Throughput: 4 clients answering their own links at once.
            rest = post_tokens[n : n + self.args.throughput]
            prepared = [prepare(t) for t in rest]
            self.log.lines()

            def post(item):
                session, token, csrf = item
                return submit(
                    session,
                    f"{url}/review/reply/{token}",
                    {"csrf_token": csrf, "answer": "Answer sent with others."},
                )

            self.throughput("P6", "replies", post, prepared)
        if "P8" in scenarios:
            session = new_session()
            spent_token = p8_token
            r = session.get(f"{url}/review/reply/{spent_token}", timeout=60)
            if r.status_code == 200:
                # Spend it first (once), then measure.
                csrf = CSRF.search(r.text).group(1)
                session.post(
                    f"{url}/review/reply/{spent_token}",
                    data={"csrf_token": csrf, "answer": "x"},
                    timeout=60,
                )

            def unknown():
                r = session.get(
                    f"{url}/review/reply/{secrets.token_urlsafe(32)}", timeout=60
                )
                assert r.status_code == 404, r.status_code

            def used():
                r = session.get(f"{url}/review/reply/{spent_token}", timeout=60)
                assert r.status_code == 410, r.status_code

            self.record("P8", "unknown", self.measure(unknown))
            self.record("P8", "spent", self.measure(used))
        if "P10" in scenarios:
            self.p10()
        if "P11" in scenarios or "P12" in scenarios:
            self.rating_page(scenarios)

    def rating_page(self, scenarios):
        """The rating page of a request's link (P11) and the rating sent
        through it (P12), then 4 clients rating at once."""
        url = self.args.url
        tokens = list(self.known["rate_tokens"])
        get_tokens, post_tokens = tokens[:5], tokens[5:]
        if "P11" in scenarios:
            session = new_session()
            it = iter(range(10**9))

            def page():
                token = get_tokens[next(it) % len(get_tokens)]
                r = session.get(f"{url}/review/rate/{token}?score=4", timeout=60)
                assert r.status_code == 200, r.status_code

            self.record("P11", "public", self.measure(page))
        if "P12" not in scenarios:
            return

        def prepare(token):
            session = new_session()
            r = session.get(f"{url}/review/rate/{token}", timeout=60)
            assert r.status_code == 200, (r.status_code, token)
            return session, token, CSRF.search(r.text).group(1)

        def rate(item, comment):
            session, token, csrf = item
            return submit(
                session,
                f"{url}/review/rate/{token}",
                {"csrf_token": csrf, "rating": "2", "comment": comment},
            )

        n = self.args.warmup + self.args.calls
        prepared = iter([prepare(t) for t in post_tokens[:n]])
        self.log.lines()

        def one():
            r = rate(next(prepared), "The queue was long and nobody helped.")
            assert r.status_code in (302, 303), (r.status_code, r.text[:300])

        self.record("P12", "public", self.measure(one))
        rest = [prepare(t) for t in post_tokens[n:]]
        self.log.lines()
        self.throughput(
            "P12", "ratings", lambda item: rate(item, "Rated with others."), rest
        )

    def throughput(self, key, what, post, prepared):
        """4 clients posting the ``prepared`` items at once (``post(item)``
        returns the response): how many ``what`` per second were stored."""
        latencies = []

        def timed(item):
            started = time.perf_counter()
            r = post(item)
            latencies.append((time.perf_counter() - started) * 1000)
            return r.status_code

        RESETS.clear()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(timed, prepared))
        elapsed = time.perf_counter() - started
        ok = sum(1 for s in statuses if s in (302, 303))
        self.results.setdefault(key, {})["throughput"] = {
            "clients": 4,
            what: ok,
            "errors": len(statuses) - ok,
            "connection_resets_retried": len(RESETS),
            "seconds": round(elapsed, 2),
            f"{what}_per_s": round(ok / elapsed, 1),
            "client_p95_ms": round(percentile(latencies, 95), 1),
        }
        print(
            f"{key:<6} throughput     {ok} {what} in {elapsed:.2f} s = "
            f"{ok / elapsed:.1f}/s with 4 clients",
            flush=True,
        )

    def fold(self):
        """The job that folds the report's changed months (every 10 minutes
        in production), run once: a kept database measured again has the
        months its earlier run changed still pending."""
        admin = Client(self.args.url, self.args.db, "admin", "admin")
        _model, cron_id = admin.call_kw(
            "ir.model.data",
            "check_object_reference",
            ["review_inbox", "ir_cron_review_report_fold"],
        )
        admin.call_kw("ir.cron", "method_direct_trigger", [[cron_id]])
        print("report's changed months folded", flush=True)

    def digest(self, scenarios):
        """P15: the weekly digest's job for every place (as the scheduler
        runs it, by an administrator's direct trigger), once: it marks its
        users as served for the week (forgotten first). P15f: its figures,
        read_group on review.report; B15: the same from the reviews."""
        if not {"P15", "B15"} & set(scenarios):
            return
        admin = Client(self.args.url, self.args.db, "admin", "admin")
        before, last, end = digest_weeks()
        if "P15" in scenarios:
            with psycopg2.connect(dbname=self.args.db) as conn, conn.cursor() as cr:
                cr.execute("UPDATE res_users SET review_digest_week = NULL")
            _model, cron_id = admin.call_kw(
                "ir.model.data",
                "check_object_reference",
                ["review_inbox", "ir_cron_review_digest"],
            )

            def run_job():
                admin.call_kw("ir.cron", "method_direct_trigger", [[cron_id]])

            self.record("P15", "admin", self.measure(run_job, warmup=0, calls=1))

            def figures():
                for start, stop in ((last, end), (before, last)):
                    admin.read_group(
                        "review.report",
                        [["date", ">=", start], ["date", "<", stop]],
                        DIGEST_MEASURES,
                        ["place_id"],
                    )

            self.record("P15f", "admin", self.measure(figures))
        if "B15" in scenarios:

            def review_figures():
                for start, stop in ((last, end), (before, last)):
                    week = [
                        ["state", "!=", "spam"],
                        ["review_date", ">=", start],
                        ["review_date", "<", stop],
                    ]
                    for extra, fields in (
                        ([], ["__count"]),
                        ([["rating", ">", 0]], ["rating:avg"]),
                        ([["first_response_date", "!=", False]], ["__count"]),
                        (
                            [
                                ["is_alert", "=", True],
                                ["sla_status", "in", ["late", "missed"]],
                            ],
                            ["__count"],
                        ),
                    ):
                        admin.read_group(
                            "review.message", [*week, *extra], fields, ["place_id"]
                        )

            self.record(
                "B15", "admin", self.measure(review_figures, **self.runs("B15"))
            )

    def p10(self):
        """200 clients answer the same conversation at once (20 links, each
        sent to 10 clients): exactly one answer per link is stored."""
        url = self.args.url
        tokens = self.known["p10_tokens"]
        clients = self.args.p10_clients
        prepared = []
        for n in range(clients):
            token = tokens[n % len(tokens)]
            session = new_session()
            r = session.get(f"{url}/review/reply/{token}", timeout=60)
            assert r.status_code == 200, r.status_code
            prepared.append((session, token, CSRF.search(r.text).group(1), n))
        barrier = threading.Barrier(clients)
        results = []

        def post(item):
            session, token, csrf, n = item
            barrier.wait()
            started = time.perf_counter()
            try:
                r = submit(
                    session,
                    f"{url}/review/reply/{token}",
                    {"csrf_token": csrf, "answer": f"Concurrent answer {n}"},
                    timeout=120,
                )
            except requests.RequestException as error:
                r = error
            results.append(
                (
                    token,
                    getattr(r, "status_code", type(r).__name__),
                    (time.perf_counter() - started) * 1000,
                )
            )

        RESETS.clear()
        threads = [threading.Thread(target=post, args=(item,)) for item in prepared]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with psycopg2.connect(dbname=self.args.db) as conn, conn.cursor() as cr:
            cr.execute(
                """SELECT count(*) FROM review_conversation_entry
                    WHERE review_id = %s AND author_type = 'customer'""",
                (self.known["p10_review_id"],),
            )
            stored = cr.fetchone()[0]
            cr.execute(
                """SELECT count(*) FROM review_conversation_entry
                    WHERE review_id = %s AND author_type = 'staff'
                      AND token_used_date IS NOT NULL""",
                (self.known["p10_review_id"],),
            )
            spent = cr.fetchone()[0]
        accepted = sum(1 for _t, s, _ms in results if s in (302, 303))
        refused = sum(1 for _t, s, _ms in results if s == 410)
        errors = [s for _t, s, _ms in results if s not in (302, 303, 410)]
        latencies = [ms for _t, _s, ms in results]
        self.results["P10"] = {
            "clients": clients,
            "links": len(tokens),
            "accepted": accepted,
            "refused_already_used": refused,
            "errors": len(errors),
            "connection_resets_retried": len(RESETS),
            "answers_stored": stored,
            "links_spent": spent,
            "p50_ms": round(percentile(latencies, 50), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "ok": stored == len(tokens) == accepted == spent
            and accepted + refused == clients
            and not errors,
        }
        print(f"P10    {json.dumps(self.results['P10'])}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--known", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--scenarios", default="P1,P2,P3,P4,P5,P9,R1,R2,P7,P6,P8,P10,P11,P12"
    )
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--baseline-calls",
        type=int,
        default=10,
        help="runs of the reports' baselines B13-B15 (after 1 warm-up run)",
    )
    parser.add_argument(
        "--fold",
        action="store_true",
        help="run the report's folding job first (a kept database)",
    )
    parser.add_argument("--throughput", type=int, default=200)
    parser.add_argument("--p10-clients", type=int, default=200)
    parser.add_argument("--term", default="parking", help="P5: a word of reviews")
    parser.add_argument("--name", default="dupont", help="P5b: a customer name")
    args = parser.parse_args()
    scenarios = args.scenarios.split(",")
    bench = Bench(args)
    if args.fold:
        bench.fold()
    bench.backend(scenarios)
    bench.digest(scenarios)
    bench.public(scenarios)
    try:
        with open(args.out) as f:
            data = json.load(f)
    except FileNotFoundError:
        data = {}
    data[args.label] = bench.results
    with open(args.out, "w") as f:
        json.dump(data, f, indent=1)


if __name__ == "__main__":
    main()
