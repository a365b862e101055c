"""make bench: build the data, serve it, measure, write the report.

See scripts/bench.sh for the options; each step logs what it does.
"""

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench_trick_off import TRICKS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The server wrapper shared with the end-to-end tests.
sys.path.insert(0, str(ROOT))
from tests import harness  # noqa: E402

PYTHON = sys.executable
# The read scenarios, the ones a replica can serve (and the growth compares).
READ_SCENARIOS = "P1,P2,P3,P4,P5,P9,P7,P8,P11,P13,P14"
INDEX_SCENARIOS = "P1,P2,P3,P4,P5,P9"
FULL_SCENARIOS = (
    "P1,P2,P3,P4,P5,P9,R1,R2,P13,P13r,B13,P14,B14,P15,B15,P7,P6,P8,P10,P11,P12"
)
# The growth compares the reports too, and their baselines: the primary only.
GROWTH_SCENARIOS = READ_SCENARIOS + ",B13,B14,P15,B15"
# Scenarios that spend the links of the data (a kept database has none left).
SPENDING_SCENARIOS = {"P6", "P10", "P12"}
# Steps of a run besides the HTTP scenarios: the rating requests of a day
# (send.py) and the import of past ratings (ratings_import.py).
STEPS = ("SEND", "IMPORT")
# The server-wide module that switches one trick off (scripts/bench/).
TRICK_MODULE = "bench_trick_off"
START_TIMEOUT = 300


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def sql(db, query, params=None, fetch=False):
    conn = harness.pg_connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if fetch else None
    finally:
        conn.close()


def run(cmd, **kwargs):
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


class Server(harness.OdooServer):
    """Odoo in multi-process mode; samples the memory of its workers.

    With ``args.trick_off``, the server-wide module of scripts/bench/ puts
    Odoo's default behaviour back in place of that trick."""

    def __init__(self, args, log_path, extra=()):
        options = [
            "--workers",
            args.workers,
            "--max-cron-threads",
            "0",
            "--http-port",
            args.port,
            "--gevent-port",
            args.port + 1,
            "--limit-time-real",
            "600",
            "--limit-time-cpu",
            "600",
        ]
        env = {}
        if args.trick_off:
            addons_path = harness.config_value(args.config, "addons_path")
            options += [
                f"--addons-path={addons_path},{HERE}",
                f"--load=base,web,{TRICK_MODULE}",
            ]
            env["BENCH_TRICK_OFF"] = args.trick_off
        super().__init__(
            args.config, args.database, args.port, log_path, [*options, *extra], env
        )
        self.trick_off = args.trick_off
        self.peak_rss = 0
        self._stop = threading.Event()

    def start(self, timeout=START_TIMEOUT):
        log("starting Odoo: " + " ".join(self.command()[2:]))
        offset = self.log_offset()
        super().start(timeout)
        if self.trick_off:
            # Odoo logs a server-wide module that fails to load, and serves on.
            switched = f"{TRICK_MODULE}: {self.trick_off} switched off"
            if switched not in self.log_text(offset):
                self.stop()
                raise SystemExit(
                    f"{self.trick_off} was not switched off: see {self.log_path}"
                )
            log(f"{self.trick_off} switched off: {TRICKS[self.trick_off][1]}")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    @staticmethod
    def _children_of(pid):
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                pids.append(entry)
        return pids

    def _sample(self):
        # The peak resident memory (VmHWM) of each HTTP worker, as the
        # kernel records it; workers are the server's child processes.
        while not self._stop.wait(0.5):
            process = self.process
            if process is None:
                return
            for proc in self._children_of(process.pid):
                try:
                    status = (proc / "status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_rss = max(self.peak_rss, int(line.split()[1]) * 1024)

    def stop(self, timeout=60):
        self._stop.set()
        super().stop(timeout)


def selected(args, scenarios):
    """``scenarios`` (comma-separated), those of ``--scenarios`` only."""
    keys = scenarios.split(",")
    if args.scenarios is not None:
        keys = [key for key in keys if key in args.scenarios]
    return ",".join(keys)


def measure(args, label, scenarios, logfile, results, extra=()):
    scenarios = selected(args, scenarios)
    if not scenarios:
        return
    cmd = [
        PYTHON,
        HERE / "run.py",
        "--url",
        f"http://127.0.0.1:{args.port}",
        "--log",
        logfile,
        "--db",
        args.database,
        "--known",
        args.build / "known.json",
        "--label",
        label,
        "--out",
        results,
        "--scenarios",
        scenarios,
        *extra,
    ]
    run(cmd)


def addon_indexes(db):
    """The indexes of the addon's inbox table, besides its keys."""
    return sql(
        db,
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = 'review_message'
              AND i.indexname NOT IN (SELECT conname FROM pg_constraint)""",
        fetch=True,
    )


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--replica", type=int, default=0)
    parser.add_argument("--keep", type=int, default=0)
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--trick-off", choices=sorted(TRICKS), default=None)
    parser.add_argument("--publish", type=int, default=0)
    parser.add_argument("--send-orders", type=int, default=50_000)
    parser.add_argument("--send-baseline", type=int, default=2000)
    parser.add_argument("--ratings-import", type=int, default=100_000)
    parser.add_argument(
        "--scenarios",
        type=lambda text: [key.strip() for key in text.split(",") if key.strip()],
        default=None,
        help="measure only these (P13,B13,...; SEND and IMPORT: those steps)",
    )
    parser.add_argument(
        "--reuse",
        type=int,
        default=0,
        help="1: measure the kept database as it is, at its full size",
    )
    args = parser.parse_args()
    known_keys = {*FULL_SCENARIOS.split(","), *STEPS}
    unknown = sorted(set(args.scenarios or ()) - known_keys)
    if unknown:
        raise SystemExit(
            f"SCENARIOS: unknown {', '.join(unknown)} "
            f"(known: {FULL_SCENARIOS},{','.join(STEPS)})"
        )
    if args.workers < 2:
        raise SystemExit("WORKERS must be 2 or more (multi-process mode)")
    if args.size < 50_000:
        raise SystemExit("SIZE must be at least 50000")
    if args.trick_off and args.replica:
        raise SystemExit("TRICK_OFF measures the primary only: no REPLICA=1")
    if args.reuse and args.trick_off:
        raise SystemExit("REUSE=1 measures with every trick: no TRICK_OFF")
    if args.reuse and not args.scenarios:
        raise SystemExit("REUSE=1 needs SCENARIOS (e.g. P13,B13,P14,B14,P15,B15)")
    spending = sorted(set(args.scenarios or ()) & SPENDING_SCENARIOS)
    if args.reuse and spending:
        raise SystemExit(
            f"REUSE=1: {', '.join(spending)} spend the links of the data: "
            "they need a database filled afresh"
        )
    return args


def main():
    args = parse_args()
    started = time.monotonic()
    results = args.build / "results.json"
    db = args.database
    kept_known = args.build.parent / f"bench-known-{db}.json"
    if args.reuse:
        if not kept_known.exists():
            raise SystemExit(
                f"REUSE=1: {kept_known} is missing: fill {db} first with KEEP=1"
            )
        if not harness.database_exists(db):
            raise SystemExit(f"REUSE=1: no database {db}: fill it first with KEEP=1")
    shutil.rmtree(args.build, ignore_errors=True)
    args.build.mkdir(parents=True)
    timings = {}
    growth = args.size // 10
    peak = 0
    if args.reuse:
        shutil.copy(kept_known, args.build / "known.json")
        log(f"database {db} measured as it was kept, at its full size")
        logfile = args.build / "odoo.log"
        with Server(args, logfile) as server:
            # the months its earlier run changed, folded as the job would
            measure(args, "full", FULL_SCENARIOS, logfile, results, ["--fold"])
            peak = server.peak_rss
        measure_steps(args, timings)
    else:
        peak = fill_and_measure(args, results, timings)
    if not results.exists():
        results.write_text("{}")
    timings["total_s"] = round(time.monotonic() - started, 1)
    meta = {
        "size": args.size,
        "growth_size": None if args.reuse else growth,
        "seed": args.seed,
        "workers": args.workers,
        "peak_worker_rss": peak,
        "timings": timings,
        "replica": bool(args.replica),
        "trick_off": args.trick_off,
        # None: every scenario and step; else those measured
        "scenarios": args.scenarios,
        "reused": bool(args.reuse),
    }
    (args.build / "meta.json").write_text(json.dumps(meta, indent=1))
    report = [
        PYTHON,
        HERE / "report.py",
        "--build",
        args.build,
        "--docs",
        ROOT / "docs",
    ]
    if args.publish:
        report.append("--publish")
    return subprocess.run([str(arg) for arg in report]).returncode


def fill_and_measure(args, results, timings):
    """Fill the database afresh, measure it as it grows; returns the peak
    memory of a worker."""
    db = args.database
    kept_known = args.build.parent / f"bench-known-{db}.json"
    log(f"database {db}: dropped and created again")
    harness.drop_database(db, args.config)
    log(f"installing review_inbox and rating (log {args.build / 'install.log'})")
    harness.install(
        args.config,
        db,
        args.build / "install.log",
        "review_inbox,rating",
        demo=False,
    )
    populate = [
        PYTHON,
        HERE / "populate.py",
        "-c",
        args.config,
        "-d",
        db,
        "--size",
        args.size,
        "--seed",
        args.seed,
    ]
    step = time.monotonic()
    run([*populate, "--phase", "base", "--out", args.build / "known.json"])
    timings["fill_base_s"] = round(time.monotonic() - step, 1)
    if args.keep:
        shutil.copy(args.build / "known.json", kept_known)

    logfile = args.build / "odoo.log"
    try:
        if args.trick_off:
            # Only the full size is measured: the growth, the indexes, the
            # plans and the replica are the same with or without the trick.
            step = time.monotonic()
            run([*populate, "--phase", "history"])
            timings["fill_history_s"] = round(time.monotonic() - step, 1)
            with Server(args, logfile) as server:
                log(f"measuring at {args.size} reviews, {args.trick_off} off")
                measure(args, "full", FULL_SCENARIOS, logfile, results)
                peak = server.peak_rss
        else:
            peak = measure_all(args, logfile, results, populate, timings)
            measure_steps(args, timings)
    finally:
        if not args.keep:
            log(f"dropping {db} (KEEP=1 keeps it)")
            harness.drop_database(db, args.config)
    return peak


def wanted(args, step):
    return args.scenarios is None or step in args.scenarios


def measure_steps(args, timings):
    """The steps on databases of their own: the rating requests of a day,
    the import of past ratings."""
    if wanted(args, "SEND"):
        step = time.monotonic()
        measure_send(args)
        timings["send_s"] = round(time.monotonic() - step, 1)
    if wanted(args, "IMPORT") and args.ratings_import:
        step = time.monotonic()
        measure_ratings_import(args)
        timings["ratings_import_s"] = round(time.monotonic() - step, 1)


def measure_ratings_import(args):
    """The import of past ratings (scripts/bench/ratings_import.py), on a
    database of its own with the rating bridge and Odoo's project, into
    ratings_import.json. Its own verdict is the report's: a failed import
    leaves no figures, and the report says so."""
    db = f"{args.database}_ratings"
    out = args.build / "ratings_import.json"
    log(f"importing {args.ratings_import} past ratings, in {db}")
    command = [
        PYTHON,
        HERE / "ratings_import.py",
        "-c",
        args.config,
        "-d",
        db,
        "--size",
        args.ratings_import,
        "--json",
        out,
    ]
    if args.keep:
        command.append("--keep")
    log("$ " + " ".join(str(c) for c in command))
    with open(args.build / "ratings_import.log", "w") as logfile:
        code = subprocess.run(
            [str(c) for c in command], stdout=logfile, stderr=subprocess.STDOUT
        ).returncode
    if code and not out.exists():
        log(f"the import of past ratings failed: see {logfile.name}")


def measure_send(args):
    """A day of rating requests of the chain (scripts/bench/send.py), on a
    database of its own with the POS bridge and Odoo's project (the
    baseline), into send.json."""
    db = f"{args.database}_send"
    modules = "review_inbox_pos,project"
    if not (ROOT / "review_inbox_pos").is_dir():
        modules = "review_inbox,point_of_sale,project"
    log(f"rating requests: {args.send_orders} paid POS orders, in {db}")
    harness.drop_database(db, args.config)
    harness.install(
        args.config, db, args.build / "install-send.log", modules, demo=False
    )
    try:
        command = [
            PYTHON,
            HERE / "send.py",
            "-c",
            args.config,
            "-d",
            db,
            "--orders",
            args.send_orders,
            "--out",
            args.build / "send.json",
        ]
        if args.send_baseline:
            command += ["--baseline-tasks", args.send_baseline]
        run(command)
    finally:
        if not args.keep:
            harness.drop_database(db, args.config)


def measure_all(args, logfile, results, populate, timings):
    """Every measure of a run with every trick: at a tenth of the size, at
    the full size, without the addon's indexes, the plans, the replica.
    Returns the peak memory of a worker."""
    db = args.database
    with Server(args, logfile) as server:
        log(f"growth: measuring at {args.size // 10} reviews")
        measure(args, "growth", GROWTH_SCENARIOS, logfile, results)
        step = time.monotonic()
        run([*populate, "--phase", "history"])
        timings["fill_history_s"] = round(time.monotonic() - step, 1)
        log(f"measuring at {args.size} reviews")
        measure(args, "full", FULL_SCENARIOS, logfile, results)
        peak = server.peak_rss
        if selected(args, INDEX_SCENARIOS):
            log("baseline: the inbox without the addon's indexes")
            indexes = addon_indexes(db)
            for name, _definition in indexes:
                sql(db, f'DROP INDEX "{name}"')
            sql(db, "ANALYZE review_message")
            try:
                measure(args, "noindex", INDEX_SCENARIOS, logfile, results)
            finally:
                for _name, definition in indexes:
                    sql(db, definition)
                sql(db, "ANALYZE review_message")
        peak = max(peak, server.peak_rss)
    if selected(args, INDEX_SCENARIOS):
        # the plans of P1-P5
        run(
            [
                PYTHON,
                HERE / "explain.py",
                "-c",
                args.config,
                "-d",
                db,
                "--known",
                args.build / "known.json",
                "--out",
                args.build / "explain.json",
            ]
        )
    if args.replica:
        replica_script = ROOT / "scripts" / "bench_replica.sh"
        out = subprocess.run(
            [replica_script, "start"], check=True, capture_output=True, text=True
        ).stdout
        env = dict(line.split("=", 1) for line in out.split())
        replica_log = args.build / "odoo-replica.log"
        try:
            with Server(
                args,
                replica_log,
                [
                    "--db_replica_host",
                    env["REPLICA_HOST"],
                    "--db_replica_port",
                    env["REPLICA_PORT"],
                ],
            ) as server:
                measure(args, "replica", READ_SCENARIOS, replica_log, results)
                peak = max(peak, server.peak_rss)
        finally:
            subprocess.run([replica_script, "stop"], check=False)
    return peak


if __name__ == "__main__":
    sys.exit(main())
