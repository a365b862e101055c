"""make bench: build the data, serve it, measure, write the report.

See scripts/bench.sh for the options; each step logs what it does.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg2

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ODOO_BIN = Path(os.environ["ODOO_SRC"]) / "odoo-bin"
PYTHON = sys.executable
# The read scenarios, the ones a replica can serve (and the growth compares).
READ_SCENARIOS = "P1,P2,P3,P4,P5,P9,P7,P8"
INDEX_SCENARIOS = "P1,P2,P3,P4,P5,P9"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def sql(db, query, params=None, fetch=False):
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if fetch else None
    finally:
        conn.close()


def run(cmd, **kwargs):
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


class Server:
    """Odoo in multi-process mode; samples the memory of its workers."""

    def __init__(self, args, logfile, extra=()):
        self.args = args
        self.logfile = logfile
        self.extra = list(extra)
        self.proc = None
        self.peak_rss = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            PYTHON,
            ODOO_BIN,
            "-c",
            self.args.config,
            "-d",
            self.args.database,
            "--workers",
            str(self.args.workers),
            "--max-cron-threads",
            "0",
            "--http-port",
            str(self.args.port),
            "--gevent-port",
            str(self.args.port + 1),
            "--limit-time-real",
            "600",
            "--limit-time-cpu",
            "600",
            "--logfile",
            str(self.logfile),
            *self.extra,
        ]
        log("starting Odoo: " + " ".join(str(c) for c in cmd[2:]))
        self.proc = subprocess.Popen(cmd, start_new_session=True)
        url = f"http://127.0.0.1:{self.args.port}/web/login"
        for _ in range(120):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit(f"Odoo did not answer on {url}; see {self.logfile}")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _children(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == self.proc.pid:
                pids.append(entry)
        return pids

    def _sample(self):
        # The peak resident memory (VmHWM) of each HTTP worker, as the
        # kernel records it; workers are the server's child processes.
        while not self._stop.wait(0.5):
            for proc in self._children():
                try:
                    status = (proc / "status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_rss = max(self.peak_rss, int(line.split()[1]) * 1024)

    def __exit__(self, *exc):
        self._stop.set()
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def measure(args, label, scenarios, logfile, results, extra=()):
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


def drop_database(config, db):
    sql("postgres", f'DROP DATABASE IF EXISTS "{db}"')
    for line in Path(config).read_text().splitlines():
        key, _sep, value = line.partition("=")
        if key.strip() == "data_dir":
            shutil.rmtree(Path(value.strip()) / "filestore" / db, ignore_errors=True)


def main():
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
    args = parser.parse_args()
    if args.workers < 2:
        raise SystemExit("WORKERS must be 2 or more (multi-process mode)")
    if args.size < 50_000:
        raise SystemExit("SIZE must be at least 50000")
    started = time.monotonic()
    shutil.rmtree(args.build, ignore_errors=True)
    args.build.mkdir(parents=True)
    results = args.build / "results.json"
    db = args.database

    log(f"database {db}: dropped and created again")
    drop_database(args.config, db)
    run(
        [
            PYTHON,
            ODOO_BIN,
            "-c",
            args.config,
            "-d",
            db,
            "-i",
            "review_inbox,rating",
            "--without-demo",
            "all",
            "--stop-after-init",
            "--log-level",
            "warn",
        ]
    )
    timings = {}
    growth = args.size // 10
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

    logfile = args.build / "odoo.log"
    try:
        with Server(args, logfile) as server:
            log(f"growth: measuring at {growth} reviews")
            measure(args, "growth", READ_SCENARIOS, logfile, results)
            step = time.monotonic()
            run([*populate, "--phase", "history"])
            timings["fill_history_s"] = round(time.monotonic() - step, 1)
            log(f"measuring at {args.size} reviews")
            measure(
                args, "full", "P1,P2,P3,P4,P5,P9,R1,R2,P7,P6,P8,P10", logfile, results
            )
            peak = server.peak_rss
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
            try:
                with Server(
                    args,
                    args.build / "odoo-replica.log",
                    [
                        "--db_replica_host",
                        env["REPLICA_HOST"],
                        "--db_replica_port",
                        env["REPLICA_PORT"],
                    ],
                ) as server:
                    measure(
                        args,
                        "replica",
                        READ_SCENARIOS,
                        args.build / "odoo-replica.log",
                        results,
                    )
                    peak = max(peak, server.peak_rss)
            finally:
                subprocess.run([replica_script, "stop"], check=False)
    finally:
        if not args.keep:
            log(f"dropping {db} (KEEP=1 keeps it)")
            drop_database(args.config, db)
    timings["total_s"] = round(time.monotonic() - started, 1)
    meta = {
        "size": args.size,
        "growth_size": growth,
        "seed": args.seed,
        "workers": args.workers,
        "peak_worker_rss": peak,
        "timings": timings,
        "replica": bool(args.replica),
    }
    (args.build / "meta.json").write_text(json.dumps(meta, indent=1))
    code = subprocess.run(
        [
            PYTHON,
            HERE / "report.py",
            "--build",
            args.build,
            "--docs",
            ROOT / "docs",
            "--config",
            args.config,
        ]
    ).returncode
    return code


if __name__ == "__main__":
    sys.exit(main())
