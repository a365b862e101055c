"""Time the import of past Odoo ratings into the review inbox.

Creates a throwaway database (dropped afterwards unless ``--keep``) with
``review_inbox_rating`` and ``project`` installed without demo data, fills it
in bulk SQL with ``--size`` ratings of project tasks given over the last 25
days (and customers), sets two routes and a default place, then times what
*Import past ratings* sets going: the ratings of the last 30 days
(an import, ``review.rating.import``, run by the job in batches of 2,000,
each committed)::

    eval "$(scripts/setup.sh)"
    CONF="$(scripts/odoo_conf.sh bench-ratings)"
    .venv/bin/python scripts/bench/ratings_import.py -c "$CONF" --size 100000

``--template DB`` copies an existing database that has both modules
installed instead of installing them (faster; the template is not changed).
Prints the figures, and writes them as JSON with ``--json FILE``. Fails when
the import takes a minute or more, or when a rating has no review after it.
"""

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from contextlib import closing

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.tools import SQL

_logger = logging.getLogger("bench.ratings_import")

TARGET_SECONDS = 60
TASKS = 1000
CUSTOMERS = 10000
DAYS = 25


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument(
        "-d", "--database", default="review_inbox_bench_ratings", help="throwaway DB"
    )
    parser.add_argument("--size", type=int, default=100000, help="ratings")
    parser.add_argument("--template", help="copy this database instead of installing")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--batch", type=int, help="ratings per batch of the job")
    parser.add_argument("--json", help="write the figures to this file")
    return parser.parse_args(argv)


def postgres(query):
    """Run ``query`` outside any transaction, on the ``postgres`` database."""
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        # database-altering statements cannot run in a transaction
        cr._cnx.autocommit = True
        cr.execute(query)


def drop(database):
    odoo.modules.registry.Registry.delete(database)
    sql_db.close_db(database)
    postgres(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(database)))
    shutil.rmtree(odoo.tools.config.filestore(database), ignore_errors=True)


def create(args):
    drop(args.database)
    if args.template:
        postgres(
            SQL(
                "CREATE DATABASE %s TEMPLATE %s",
                SQL.identifier(args.database),
                SQL.identifier(args.template),
            )
        )
        return
    odoo_bin = os.path.join(os.environ["ODOO_SRC"], "odoo-bin")
    subprocess.run(
        [
            sys.executable,
            odoo_bin,
            "-c",
            args.config,
            "-d",
            args.database,
            "-i",
            "review_inbox_rating,project",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def populate(env, size):
    """Places, routes, tasks and customers through the ORM (a few hundred
    records); the ratings in one ``INSERT ... SELECT``."""
    company = env.ref("base.main_company")
    Place = env["review.place"]
    places = Place.create(
        [
            {"name": f"Bench {code}", "code": f"BENCH{code}", "company_id": company.id}
            for code in ("A", "B", "C")
        ]
    )
    company.review_default_place_id = places[2]
    projects = env["project.project"].create(
        [
            {"name": name, "company_id": company.id}
            for name in ("Support", "Field service", "Sales")
        ]
    )
    env["review.rating.route"].create(
        [
            {
                "name": project.name,
                "model_name": "project.task",
                "domain": repr([("project_id", "=", project.id)]),
                "place_id": place.id,
            }
            for project, place in zip(projects[:2], places[:2], strict=True)
        ]
    )
    tasks = env["project.task"].create(
        [{"name": f"Task {i}", "project_id": projects[i % 3].id} for i in range(TASKS)]
    )
    cr = env.cr
    cr.execute(
        SQL(
            "INSERT INTO res_partner (name, complete_name, email, active, type, "
            "create_date, write_date) "
            "SELECT 'Customer ' || n, 'Customer ' || n, "
            "'customer' || n || '@example.com', TRUE, 'contact', now(), now() "
            "FROM generate_series(1, %s) n RETURNING id",
            CUSTOMERS,
        )
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    model_id = env["ir.model"]._get_id("project.task")
    cr.execute(
        SQL(
            """
            INSERT INTO rating_rating (
                res_model_id, res_model, res_id, res_name, partner_id, rating,
                rating_text, feedback, consumed, access_token, is_internal,
                create_date, write_date
            )
            SELECT %(model_id)s, 'project.task', t.ids[1 + mod(n, %(tasks)s)],
                   'Task ' || (mod(n, %(tasks)s)),
                   p.ids[1 + mod(n, %(customers)s)],
                   (ARRAY[1, 3, 5])[1 + mod(n, 3)],
                   (ARRAY['ko', 'ok', 'top'])[1 + mod(n, 3)],
                   CASE WHEN mod(n, 4) = 0 THEN NULL ELSE 'Feedback number ' || n END,
                   TRUE, md5(random()::text || n), FALSE,
                   now() - (mod(n, %(days)s)) * interval '1 day',
                   now() - (mod(n, %(days)s)) * interval '1 day'
              FROM generate_series(1, %(size)s) n,
                   (SELECT %(task_ids)s::int[] AS ids) t,
                   (SELECT %(partner_ids)s::int[] AS ids) p
            RETURNING id
            """,
            model_id=model_id,
            tasks=TASKS,
            customers=CUSTOMERS,
            days=DAYS,
            size=size,
            task_ids=tasks.ids,
            partner_ids=partner_ids,
        )
    )
    rating_ids = [row[0] for row in cr.fetchall()]
    cr.execute("ANALYZE rating_rating")
    return min(rating_ids), max(rating_ids)


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    # importable once the configuration gave Odoo its addons path
    from odoo.addons.review_inbox_rating.models.rating_rating import (  # noqa: PLC0415
        SYNC_BATCH,
    )

    create(args)
    figures = {"ratings": args.size}
    try:
        registry = odoo.modules.registry.Registry(args.database)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            started = time.perf_counter()
            first_id, last_id = populate(env, args.size)
            cr.commit()
            figures["populate_seconds"] = round(time.perf_counter() - started, 1)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            started = time.perf_counter()
            job = env["review.rating.import"]._start(30)
            batch = {"batch": args.batch} if args.batch else {}
            read = job._run(commit=True, **batch)
            cr.commit()
            finished = time.perf_counter()
            figures.update(
                read=read,
                import_seconds=round(finished - started, 1),
                batches=-(-read // (args.batch or SYNC_BATCH)),
            )
            of_bench = SQL("rating_id BETWEEN %s AND %s", first_id, last_id)
            cr.execute(SQL("SELECT count(*) FROM review_message WHERE %s", of_bench))
            figures["reviews"] = cr.fetchone()[0]
            cr.execute(
                SQL(
                    "SELECT place_id, count(*) FROM review_message WHERE %s "
                    "GROUP BY place_id ORDER BY place_id",
                    of_bench,
                )
            )
            figures["reviews_per_place"] = [count for _place, count in cr.fetchall()]
            figures["ratings_per_second"] = round(args.size / (finished - started))
    finally:
        if not args.keep:
            drop(args.database)
    _logger.info(
        "%(ratings)s ratings imported in %(import_seconds)s s "
        "(%(ratings_per_second)s ratings/s, %(batches)s batches): %(reviews)s "
        "reviews, per place %(per)s",
        dict(figures, per=figures["reviews_per_place"]),
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(figures, file, indent=2)
    failed = []
    if figures["reviews"] != args.size:
        failed.append(f"{figures['reviews']} reviews for {args.size} ratings")
    if figures["import_seconds"] >= TARGET_SECONDS:
        failed.append(f"import over {TARGET_SECONDS} s")
    if failed:
        _logger.error("FAILED: %s", "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
