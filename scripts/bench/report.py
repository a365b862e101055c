"""Write benchmarks.md and benchmarks.json of a bench run into its build
folder; with ``--publish``, into docs/ as well.

A run with every trick publishes docs/benchmarks.md, docs/benchmarks.json and
the marked block of docs/deployment.md. A run with one trick switched off
(``make bench TRICK_OFF=...``) publishes its figures into the tricks section
of docs/benchmarks.json and the marked block of docs/benchmarks.md only. The
figures of the tricks switched off are carried over from docs/benchmarks.json
into every report.

Exits 1 when a figure misses its target, except in a run with a trick off,
whose point is to measure what the trick is worth.
"""

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

import psycopg2
from bench_trick_off import TRICKS

# scenario: (title, max queries or None, max p95 in ms or None)
TARGETS = {
    "P1": ("Inbox kanban grouped by priority, first page of each column", 16, 60),
    "P2": ("Inbox list, 80 rows", 5, 20),
    "P3": ("Inbox filtered by one group of places", 14, 40),
    "P4": ("Search-panel counters: states", 2, 20),
    "P4b": ("Search-panel counters: places", 2, 20),
    "P5": ("Text search in the review bodies", 4, 30),
    "P5b": ("Text search in the customer names", 4, 30),
    "P6": ("Customer reply POST (valid token)", 35, 80),
    "P7": ("Customer reply page GET", 15, 60),
    "P8": ("Unknown or spent token", 5, 30),
    "P9": ("Kanban over all states (Done included)", None, 250),
    "P11": ("Rating page GET (a request's link, a star preselected)", 12, 40),
    "P12": ("Rating POST (valid link)", 25, 80),
    "P13": ("Reporting pivot: places by month, last 12 months (its cells)", 5, 150),
    "P13b": ("Reporting pivot: its 4 requests, totals included", None, None),
    "P13r": ("The pivot's cells by read_group (spreadsheets, API)", None, None),
    "P14": ("Reporting graph: monthly average rating of one group", 5, 100),
    "P15": ("Weekly digest for 500 places: the whole job", None, 60000),
    "P15f": ("Weekly digest: the figures of every place", None, None),
}
THROUGHPUT_MIN = 40  # replies/s with 4 clients
RATING_THROUGHPUT_MIN = 40  # ratings/s with 4 clients
SEND_MIN = 100  # rating requests turned into queued emails per second
IMPORT_MAX_S = 60  # past ratings imported (issue: 100,000 under a minute)
P10_P99_MAX = 3000
BASELINES = {"P1": "R2", "P9": "R2", "P2": "R1", "P5": "R1", "P5b": "R1"}
# The reports' baselines: the same figures with read_group on review.message.
REPORT_BASELINES = {"P13": "B13", "P14": "B14", "P15f": "B15"}
REPORTING = ("P13", "P13b", "P13r", "P14", "P15", "P15f")


def fmt(value, unit=""):
    return "—" if value is None else f"{value:g}{unit}"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = None
    import odoo.release  # noqa: PLC0415 (only with Odoo on the path)

    conn = psycopg2.connect(dbname="postgres")
    with conn.cursor() as cr:
        cr.execute("SHOW server_version")
        pg = cr.fetchone()[0]
    conn.close()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "odoo": odoo.release.version,
        # what else the machine ran meanwhile: the run's times depend on it,
        # its query counts do not
        "load_average": round(os.getloadavg()[1], 1),
        # BENCH_NOTE: how the run was made, when it was not on an idle machine
        "note": os.environ.get("BENCH_NOTE", ""),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument(
        "--docs", type=Path, required=True, help="the published report's folder"
    )
    parser.add_argument("--publish", action="store_true", help="write into --docs")
    args = parser.parse_args()
    results = json.loads((args.build / "results.json").read_text())
    meta = json.loads((args.build / "meta.json").read_text())
    explain_file = args.build / "explain.json"
    explain = json.loads(explain_file.read_text()) if explain_file.exists() else {}
    full = results.get("full", {})
    growth = results.get("growth", {})
    noindex = results.get("noindex", {})
    replica = results.get("replica", {})
    env = machine()
    failures = []
    rows = []
    for key, (title, max_q, max_p95) in TARGETS.items():
        for who, figures in full.get(key, {}).items():
            if who == "throughput":
                continue
            ok_q = max_q is None or figures["queries"] <= max_q
            ok_t = max_p95 is None or figures["p95_ms"] <= max_p95
            if not (ok_q and ok_t):
                failures.append(f"{key} {who}")
            base = BASELINES.get(key)
            base_fig = full.get(base, {}).get("manager") if base else None
            direct = REPORT_BASELINES.get(key)
            direct_fig = full.get(direct, {}).get(who) if direct else None
            noidx = noindex.get(key, {}).get(who)
            grown = growth.get(key, {}).get(who)
            direct_grown = growth.get(direct, {}).get(who) if direct else None
            rows.append(
                {
                    "scenario": key,
                    "title": title,
                    "who": who,
                    "queries": figures["queries"],
                    "max_queries": max_q,
                    "p50_ms": figures["p50_ms"],
                    "p95_ms": figures["p95_ms"],
                    "max_p95_ms": max_p95,
                    "vs_without_indexes": noidx
                    and round(figures["p95_ms"] / noidx["p95_ms"], 3),
                    "without_indexes_p95_ms": noidx and noidx["p95_ms"],
                    "vs_rating": base_fig
                    and round(figures["p95_ms"] / base_fig["p95_ms"], 3),
                    "rating_p95_ms": base_fig and base_fig["p95_ms"],
                    "vs_read_group": direct_fig
                    and round(figures["p95_ms"] / direct_fig["p95_ms"], 3),
                    "read_group_p95_ms": direct_fig and direct_fig["p95_ms"],
                    "read_group_queries": direct_fig and direct_fig["queries"],
                    "read_group_growth_p95_ms": direct_grown and direct_grown["p95_ms"],
                    "growth_p95_ms": grown and grown["p95_ms"],
                    "growth_queries": grown and grown["queries"],
                    "replica_p50_ms": replica.get(key, {}).get(who, {}).get("p50_ms"),
                    "replica_p95_ms": replica.get(key, {}).get(who, {}).get("p95_ms"),
                    "replica_modes": replica.get(key, {})
                    .get(who, {})
                    .get("cursor_modes"),
                    "pass": ok_q and ok_t,
                }
            )
    # a run of some scenarios only (SCENARIOS=...) judges those only
    chosen = meta.get("scenarios")

    def measured(key):
        return chosen is None or key in chosen

    throughput = full.get("P6", {}).get("throughput", {})
    if measured("P6") and (
        throughput.get("replies_per_s", 0) < THROUGHPUT_MIN or throughput.get("errors")
    ):
        failures.append("P6 throughput")
    rating_throughput = full.get("P12", {}).get("throughput", {})
    if measured("P12") and (
        rating_throughput.get("ratings_per_s", 0) < RATING_THROUGHPUT_MIN
        or rating_throughput.get("errors")
    ):
        failures.append("P12 throughput")
    send_file = args.build / "send.json"
    send = json.loads(send_file.read_text()) if send_file.exists() else {}
    ours = send.get("review_inbox", {})
    if send and (
        (ours.get("per_s") or 0) < SEND_MIN
        or ours.get("queued_emails") != send["orders"]
    ):
        failures.append("rating requests sent")
    ratings_import = ratings_import_figures(args.build, meta)
    if ratings_import and not ratings_import["pass"]:
        failures.append("ratings import")
    p10 = full.get("P10", {})
    if measured("P10") and (
        not p10.get("ok") or (p10.get("p99_ms") or 1e9) > P10_P99_MAX
    ):
        failures.append("P10")
    published_file = args.docs / "benchmarks.json"
    published = (
        json.loads(published_file.read_text()) if published_file.exists() else {}
    )
    trick = meta.get("trick_off")
    report = {
        "date": datetime.date.today().isoformat(),
        "machine": env,
        "meta": meta,
        "rows": rows,
        "throughput": throughput,
        "rating_throughput": rating_throughput,
        "send": send,
        "ratings_import": ratings_import,
        "p10": p10,
        "baselines": {k: full.get(k) for k in ("R1", "R2")},
        "failures": failures,
        "tricks_off": published.get("tricks_off", {}),
        "raw": results,
    }
    write_report(args.build, report, explain)
    if args.publish and trick:
        publish_trick(args.docs, published, report)
    elif args.publish:
        write_report(args.docs, report, explain)
        deployment = args.docs / "deployment.md"
        if deployment.exists():
            deployment.write_text(deployment_figures(deployment.read_text(), report))
            print(
                f"[bench] wrote the figures block of {deployment}; the text "
                "after it quotes figures by hand: check them",
                file=sys.stderr,
            )
    else:
        print(
            f"[bench] {args.docs} left as it is (PUBLISH=1 writes there)",
            file=sys.stderr,
        )
    if failures:
        print("[bench] targets missed: " + ", ".join(failures), file=sys.stderr)
        if trick:
            print(f"[bench] (with {trick} switched off)", file=sys.stderr)
            return 0
        return 1
    print("[bench] every target met", file=sys.stderr)
    return 0


def ratings_import_figures(build, meta):
    """The import of past ratings (ratings_import.json), judged: None when
    the run had no such step; a failed import's figures are missing."""
    chosen = meta.get("scenarios")
    if chosen is not None and "IMPORT" not in chosen:
        return None
    if "ratings_import_s" not in meta.get("timings", {}):
        return None
    path = build / "ratings_import.json"
    figures = json.loads(path.read_text()) if path.exists() else {}
    seconds = figures.get("import_seconds")
    figures["target_s"] = IMPORT_MAX_S
    figures["pass"] = bool(
        figures
        and seconds is not None
        and seconds < IMPORT_MAX_S
        and figures.get("reviews") == figures.get("ratings")
    )
    return figures


def ratings_import_section(figures):
    """Past ratings brought into the inbox by the rating bridge's import."""
    if not figures:
        return []
    out = ["## Importing past ratings", ""]
    if figures.get("import_seconds") is None:
        return [
            *out,
            "**The import failed**: no figures (see ratings_import.log of the run).",
            "",
        ]
    per_place = ", ".join(f"{n:,}" for n in figures.get("reviews_per_place", []))
    return [
        *out,
        f"{figures['ratings']:,} `rating.rating` rows of project tasks given over "
        "the last 25 days, on a database of its own with `review_inbox_rating` and "
        "`project`; *Import past ratings* of the last 30 days "
        f"(`review.rating.import`), its job run in {figures['batches']} batches, "
        "each committed: routes by project to two places, the rest to the "
        "company's default place.",
        "",
        "| ratings | reviews made | seconds (target) | ratings per second | result |",
        "|---|---|---|---|---|",
        f"| {figures['ratings']:,} | {figures['reviews']:,} ({per_place} per place) "
        f"| **{figures['import_seconds']}** (< {figures['target_s']}) "
        f"| {figures['ratings_per_second']:,} "
        f"| {'pass' if figures['pass'] else '**miss**'} |",
        "",
    ]


def send_section(send):
    """The rating requests of a day of the chain, beside Odoo's own."""
    if not send:
        return []
    ours, odoo = send["review_inbox"], send["rating_send_request"]
    ratio = (
        f"×{ours['per_s'] / odoo['per_s']:.0f}"
        if ours.get("per_s") and odoo.get("per_s")
        else "—"
    )
    return [
        "## Rating requests of a day",
        "",
        f"{send['orders']:,} paid POS orders of as many customers at {send['places']} "
        f"places, their requests scheduled in {send['schedule_s']} s, then the "
        "sending job (`review.request._cron_send_review_requests`) until each is a "
        "queued email, each with its own one-time link, in its customer's language:",
        "",
        "| | records | queued emails | seconds | per second |",
        "|---|---|---|---|---|",
        f"| review_inbox, the sending job | {ours['requests']:,} requests | "
        f"{ours['queued_emails']:,} | {ours['seconds']} | **{ours['per_s']}** "
        f"(target ≥ {SEND_MIN}) |",
        f"| Odoo's `rating_send_request`, project tasks | {odoo['tasks']:,} tasks | "
        f"{odoo['queued_emails']:,} | {odoo['seconds']} | {odoo['per_s']} |",
        "",
        f"Odoo's is measured on a sample of {odoo['tasks']:,} tasks "
        "(`SEND_BASELINE`, 2,000 by default; 0 measures as many tasks as orders, "
        "hours at its rate): each task is asked on its own, so its rate, not its "
        "total time, is what compares. "
        f"Ours is {ratio} Odoo's own. Odoo posts each request in the task's chatter "
        "(a message, its notifications, its followers) and compiles the email's "
        "template again for each record; the job renders a batch with one "
        "compilation and queues the emails without a chatter message.",
        "",
    ]


def write_report(folder, report, explain):
    (folder / "benchmarks.json").write_text(json.dumps(report, indent=1) + "\n")
    (folder / "benchmarks.md").write_text(markdown(report, explain))
    print(f"[bench] wrote {folder / 'benchmarks.md'}", file=sys.stderr)


def publish_trick(docs, published, report):
    """The figures of a run with one trick off, into the published report."""
    if not published.get("rows"):
        raise SystemExit(
            f"{docs / 'benchmarks.json'} has no run with every trick: "
            "publish one first (make bench PUBLISH=1)"
        )
    meta = report["meta"]
    published.setdefault("tricks_off", {})[meta["trick_off"]] = {
        "date": report["date"],
        "machine": report["machine"],
        "meta": meta,
        "rows": [
            {k: r[k] for k in ("scenario", "who", "queries", "p50_ms", "p95_ms")}
            for r in report["rows"]
        ],
        "throughput": report["throughput"],
        "p10": report["p10"],
        "failures": report["failures"],
    }
    (docs / "benchmarks.json").write_text(json.dumps(published, indent=1) + "\n")
    page = docs / "benchmarks.md"
    section = "\n".join(tricks_section(published))
    page.write_text(replace_block(page.read_text(), TRICKS_MARK, TRICKS_END, section))
    print(f"[bench] wrote the tricks section of {page}", file=sys.stderr)


TRICKS_MARK = "<!-- bench-tricks-off -->"
TRICKS_END = "<!-- /bench-tricks-off -->"


def replace_block(text, mark, end, block, before="## Query plans"):
    """``text`` with ``block`` between ``mark`` and ``end``; the first time,
    inserted before the heading ``before`` (or at the end)."""
    wrapped = f"{mark}\n{block}\n{end}\n"
    if mark in text and end in text:
        head, rest = text.split(mark, 1)
        return head + wrapped + rest.split(end, 1)[1].lstrip("\n")
    if before in text:
        head, rest = text.split(before, 1)
        return head + wrapped + "\n" + before + rest
    return text.rstrip("\n") + "\n\n" + wrapped


def tricks_section(report):
    """The tricks switched off, one run each, beside ``report`` (every trick)."""
    tricks_off = report.get("tricks_off", {})
    size = report["meta"]["size"]
    out = [
        "## Tricks switched off",
        "",
        "Four tricks lean on ORM internals that the next Odoo version will break. "
        "`make bench TRICK_OFF=<name>` runs the benchmark with one of them "
        "switched off (Odoo's default behaviour in its place, by the server-wide "
        "module `scripts/bench/bench_trick_off`; the addon has no switch) and "
        "measures at the full size only; `PUBLISH=1` records it here.",
        "",
    ]
    for name, (what, off) in TRICKS.items():
        run = tricks_off.get(name)
        when = (
            f"{run['date']}, {run['meta']['size']:,} reviews, "
            f"`--workers={run['meta']['workers']}`"
            if run
            else "not measured yet"
        )
        if run and run["meta"]["size"] != size:
            when += f" (the table above: {size:,})"
        if run and run["machine"].get("load_average") is not None:
            when += f", load average {run['machine']['load_average']} at its end"
        if run and run["machine"].get("note"):
            when += f" ({run['machine']['note']})"
        out.append(f"- `{name}`: {what}; off: {off}. Run: {when}.")
    measured = [name for name in TRICKS if name in tricks_off]
    if not measured:
        return out
    out += [
        "",
        "Queries and p95 ms of each scenario, with every trick (the table above) "
        "and with one trick off:",
        "",
        "| # | user | every trick | "
        + " | ".join(f"`{name}` off" for name in measured)
        + " |",
        "|---|---|---|" + "---|" * len(measured),
    ]
    figures = {
        name: {(r["scenario"], r["who"]): r for r in tricks_off[name]["rows"]}
        for name in measured
    }
    for r in report["rows"]:
        key = (r["scenario"], r["who"])
        cells = [f"{r['queries']}, {r['p95_ms']} ms"]
        for name in measured:
            off = figures[name].get(key)
            cells.append(f"{off['queries']}, {off['p95_ms']} ms" if off else "—")
        out.append(f"| {r['scenario']} | {r['who']} | " + " | ".join(cells) + " |")
    out += [
        "",
        "Customer answers with 4 clients, replies/s: every trick "
        f"{report['throughput'].get('replies_per_s')}, "
        + ", ".join(
            f"`{name}` off {tricks_off[name]['throughput'].get('replies_per_s')}"
            for name in measured
        )
        + ".",
        "",
        "Verdict, on the query targets (query counts do not depend on what else "
        "the machine runs; times do, see the load averages):",
        "",
    ]
    out += [f"- {line}" for line in tricks_verdict(figures)]
    return out


def tricks_verdict(figures):
    """For each trick measured, the scenarios whose query target it holds:
    with it off, they make more queries than their target allows."""
    lines = []
    for name, rows in figures.items():
        over = [
            f"{scenario} {who} {r['queries']} > {TARGETS[scenario][1]}"
            for (scenario, who), r in rows.items()
            if scenario in TARGETS
            and TARGETS[scenario][1] is not None
            and r["queries"] > TARGETS[scenario][1]
        ]
        lines.append(
            f"`{name}` earns its place: off, {', '.join(over)} queries."
            if over
            else f"`{name}` holds no query target: a candidate for removal."
        )
    return lines


MARK = "<!-- bench-figures -->"
END = "<!-- /bench-figures -->"


def deployment_figures(text, report):
    """The table under the mark of docs/deployment.md, from this run."""
    if MARK not in text:
        return text
    head, tail = text.split(MARK, 1)
    if END in tail:
        after = tail.split(END, 1)[1].lstrip("\n")
    else:  # the first run replaces the paragraph under the mark
        rest = tail.lstrip("\n").split("\n\n", 1)
        after = rest[1] if len(rest) > 1 else ""
    meta = report["meta"]
    lines = [
        f"Last run: {report['date']}, {meta['size']:,} reviews, "
        f"`--workers={meta['workers']}`, {report['machine']['cores']} cores.",
        "",
        "| Scenario | User | Served from | Median ms | p95 ms |",
        "|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        lines.append(
            f"| {r['scenario']} {r['title']} | {r['who']} | primary | "
            f"{r['p50_ms']} | {r['p95_ms']} |"
        )
        if r["replica_p95_ms"]:
            lines.append(
                f"| {r['scenario']} {r['title']} | {r['who']} | replica | "
                f"{r['replica_p50_ms']} | {r['replica_p95_ms']} |"
            )
    t = report["throughput"]
    lines += [
        "",
        f"Customer answers: {t.get('replies_per_s')} per second with 4 clients; "
        f"peak memory of a worker {meta['peak_worker_rss'] / 2**20:.0f} MiB.",
    ]
    return head + MARK + "\n" + "\n".join(lines) + "\n" + END + "\n\n" + after


def measured_sections(report):
    """The customer replies, rating requests, import and ratings, and Odoo's
    Ratings menu: those the run measured."""
    out = []
    t, p10 = report["throughput"], report["p10"]
    rt = report.get("rating_throughput", {})
    # a run of some scenarios only (SCENARIOS=...) has no figures of the others
    out.append("")
    if t or p10:
        out += [
            "## Customer replies under load",
            "",
            f"- P6 with 4 clients answering their own links at once: {t.get('replies')} answers in "
            f"{t.get('seconds')} s = **{t.get('replies_per_s')} replies/s** (target ≥ {THROUGHPUT_MIN}), "
            f"{t.get('errors')} errors, client p95 {t.get('client_p95_ms')} ms.",
            f"- P10, {p10.get('clients')} clients answering the same conversation at once through "
            f"{p10.get('links')} links (each link sent to several clients): {p10.get('answers_stored')} "
            f"answers stored, {p10.get('links_spent')} links spent, {p10.get('accepted')} accepted, "
            f"{p10.get('refused_already_used')} told the link was already used, {p10.get('errors')} errors "
            f"({p10.get('connection_resets_retried', 0)} connections reset by the kernel before Odoo "
            "accepted them, its prefork backlog being 8 per worker, were sent again as a person "
            "would: the link is single-use); "
            f"p50 {p10.get('p50_ms')} ms, **p99 {p10.get('p99_ms')} ms** (target ≤ {P10_P99_MAX}). "
            f"Exactly one answer per link, none lost: **{'yes' if p10.get('ok') else 'NO'}**.",
            "",
        ]
    out += [
        *send_section(report.get("send")),
        *ratings_import_section(report.get("ratings_import")),
    ]
    if rt:
        out += [
            "## Ratings under load",
            "",
            f"- P12 with 4 clients rating through their own links at once: "
            f"{rt.get('ratings')} ratings in {rt.get('seconds')} s = "
            f"**{rt.get('ratings_per_s')} ratings/s** (target ≥ {RATING_THROUGHPUT_MIN}), "
            f"{rt.get('errors')} errors, client p95 {rt.get('client_p95_ms')} ms. Each "
            "rating is a review of the inbox (alert rule, live inbox notice), as one "
            "arriving by any other way.",
            "",
        ]
    if any(report["baselines"].values()):
        out += [
            "## Baseline: Odoo's own ratings",
            "",
            "The same reviews as `rating.rating` rows, in the Ratings menu's list and kanban "
            "views (manager):",
            "",
            "| view | queries | p50 ms | p95 ms |",
            "|---|---|---|---|",
        ]
    for key, name in (("R1", "list, 80 rows"), ("R2", "kanban, 80 cards")):
        fig = (report["baselines"].get(key) or {}).get("manager")
        if fig:
            out.append(
                f"| {name} | {fig['queries']} | {fig['p50_ms']} | {fig['p95_ms']} |"
            )
    return out


def markdown(report, explain):
    m, meta = report["machine"], report["meta"]
    size, gsize = meta["size"], meta["growth_size"]
    # a kept database measured again (REUSE=1) has no growth figures
    grown_size = f"{gsize:,}" if gsize else "—"
    trick = meta.get("trick_off")
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench PUBLISH=1` (scripts/bench/); do not edit by hand.",
        "",
    ]
    if trick:
        what, off = TRICKS[trick]
        out += [
            f"**With one trick switched off: `{trick}`**, {what}; off: {off} "
            f"(`make bench TRICK_OFF={trick}`). Measured at the full size only.",
            "",
        ]
    out += [
        f"- Date: {report['date']}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; {m['os']}"
        + (
            f"; load average {m['load_average']} at the end of the run"
            if m.get("load_average") is not None
            else ""
        )
        + (f". {m['note']}" if m.get("note") else ""),
        f"- PostgreSQL {m['postgresql']}, Odoo {m['odoo']}, Python {m['python']}",
        f"- Data: {size:,} reviews, 500 places in 50 groups, {int(size * 0.3):,} customers, "
        f"{int(size * 0.1):,} conversations (seed {meta['seed']}); the same reviews as "
        f"{size:,} `rating.rating` rows for the baseline",
        f"- Server: `odoo-bin --workers={meta['workers']}` (multi-process), measured over HTTP "
        "with the requests the web client sends; queries and server time are Odoo's own "
        "figures for each request (its werkzeug log line); 30 runs after 5 warm-up runs "
        "(the reports' baselines B13-B15, which read every review: 10 runs after 1)",
        f"- Data made in {meta['timings'].get('fill_base_s', 0) + meta['timings'].get('fill_history_s', 0):.0f} s; "
        f"whole run {meta['timings'].get('total_s', 0) / 60:.1f} min; peak memory of an Odoo "
        f"worker (VmHWM): {meta['peak_worker_rss'] / 2**20:.0f} MiB",
        "",
        "`user5` is a user of 5 places, `manager` sees all 500. A scenario's queries add up "
        "all the requests it makes (P1: the groups, then the first page of each column), "
        "each of a logged-in user's with the query that checks its session; its time too, "
        "except for the "
        "kanban's columns, which the web client asks for at once: the groups' time plus the "
        "slowest column's. Queries are the usual count (a worker's first request after a "
        "start makes a few more: `queries_max` in the JSON). Ratios: our p95 divided by the "
        "baseline's p95 (lower is better).",
        "",
        f"| # | scenario | user | queries (target) | p50 ms | p95 ms (target) | "
        f"vs without the addon's indexes | vs `rating.rating` | at {grown_size} reviews: queries, p95 | result |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        out.append(
            f"| {r['scenario']} | {r['title']} | {r['who']} | {r['queries']} "
            f"({fmt(r['max_queries'])}) | {r['p50_ms']} | {r['p95_ms']} "
            f"({fmt(r['max_p95_ms'])}) | "
            + (
                f"×{r['vs_without_indexes']:.2f} ({r['without_indexes_p95_ms']} ms)"
                if r["vs_without_indexes"]
                else "—"
            )
            + " | "
            + (
                f"×{r['vs_rating']:.2f} ({r['rating_p95_ms']} ms)"
                if r["vs_rating"]
                else "—"
            )
            + " | "
            + (
                f"{r['growth_queries']}, {r['growth_p95_ms']} ms"
                if r["growth_p95_ms"]
                else "—"
            )
            + f" | {'pass' if r['pass'] else '**miss**'} |"
        )
    reporting = [r for r in report["rows"] if r["scenario"] in REPORTING]
    if reporting:
        out += [
            "",
            "## Reporting against read_group on the reviews",
            "",
            "The same figures computed with `read_group` on `review.message` "
            "directly (B13: counts, ratings of the rated reviews, responses of the "
            "answered ones, by place and month; B14: the rated reviews of the group "
            "by month; B15: the digest's four figures of each place, for two weeks). "
            "Ratio: our p95 divided by theirs (lower is better). "
            + (
                f"Flat or not: the same requests at {gsize:,} reviews, early in "
                "the same run."
                if gsize
                else "Measured on a database kept from an earlier run (REUSE=1): "
                "no growth figures."
            ),
            "",
            "| # | scenario | user | ours: queries, p95 ms (target) | "
            "read_group: queries, p95 ms | ratio | "
            f"at {grown_size} reviews: ours, read_group p95 ms "
            "| result |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in reporting:
            direct = (
                f"{r['read_group_queries']}, {r['read_group_p95_ms']}"
                if r["read_group_p95_ms"]
                else "—"
            )
            ratio = f"×{r['vs_read_group']:.2f}" if r["vs_read_group"] else "—"
            grown = (
                f"{fmt(r['growth_p95_ms'])}, {fmt(r['read_group_growth_p95_ms'])}"
                if r["growth_p95_ms"]
                else "—"
            )
            target = ", ".join(
                part
                for part in (
                    r["max_queries"] is not None and f"≤ {r['max_queries']} q",
                    r["max_p95_ms"] is not None and f"≤ {r['max_p95_ms']:,} ms",
                )
                if part
            )
            out.append(
                f"| {r['scenario']} | {r['title']} | {r['who']} | {r['queries']}, "
                f"{r['p95_ms']}" + (f" ({target})" if target else "") + " | "
                f"{direct} | {ratio} | {grown} | "
                f"{'pass' if r['pass'] else '**miss**'} |"
            )
    out += measured_sections(report)
    if any(r["replica_p95_ms"] for r in report["rows"]):
        out += [
            "",
            "## Read scenarios served from a streaming replica",
            "",
            "`make bench REPLICA=1`: a second PostgreSQL cluster streams from the first "
            "(`pg_basebackup`); Odoo runs with `--db_replica_host`; the cursor column is "
            "Odoo's own (`ro`: the replica).",
            "",
            "| # | user | p95 ms, one server | p95 ms, with the replica | cursor |",
            "|---|---|---|---|---|",
        ]
        for r in report["rows"]:
            if r["replica_p95_ms"]:
                out.append(
                    f"| {r['scenario']} | {r['who']} | {r['p95_ms']} | {r['replica_p95_ms']} | "
                    f"{', '.join(r['replica_modes'] or [])} |"
                )
    if report["failures"]:
        out += ["", "**Targets missed:** " + ", ".join(report["failures"])]
    else:
        out += ["", "**Every target met.**"]
    if not trick:
        section = tricks_section(report)
        out += ["", TRICKS_MARK, *section, TRICKS_END]
    if explain:
        out += [
            "",
            "## Query plans (P1–P5, user of 5 places)",
            "",
            "`EXPLAIN (ANALYZE, BUFFERS)` of each query the scenario sends on the "
            "review table.",
            "",
        ]
        for key, queries in explain.items():
            out += [f"### {key}", ""]
            for q in queries:
                out += ["```sql", q["sql"], "```", "```", q["plan"], "```", ""]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
