"""A day of rating requests of a 500-shop chain, and Odoo's own baseline.

Run inside Odoo's environment, on a database of its own with
``review_inbox_pos`` and ``project`` installed::

    python scripts/bench/send.py -c odoo.conf -d DB --orders 50000 --out send.json

1. 500 places, each the place of its own point of sale, and ``--orders``
   paid POS orders (bulk SQL) of as many customers, spread over the points
   of sale and marked as the sync marks them (``review_request_pending``);
2. their rating requests, made as the POS bridge's job makes them
   (``pos.order._review_schedule_requests``), timed;
3. the sending job (``review.request._cron_send_review_requests``), timed
   until every request is a queued email: requests per second;
4. the baseline: as many project tasks (``--baseline-tasks``), one per
   customer, asked for a rating with Odoo's own ``rating_send_request`` and
   the project's rating template, timed the same way (queued, not sent).
"""

import argparse
import json
import logging
import sys
import time

import odoo
from odoo import SUPERUSER_ID, Command, api

_logger = logging.getLogger("bench.send")

PLACES = 500


def insert_customers(env, count):
    """The customers, through the ORM (res.partner's columns depend on the
    modules installed), a thousand at a time."""
    ids = []
    for first in range(0, count, 1000):
        ids += (
            env["res.partner"]
            .create(
                [
                    {"name": f"Send customer {n}", "email": f"send{n}@customer.test"}
                    for n in range(first, min(first + 1000, count))
                ]
            )
            .ids
        )
        env.invalidate_all()
    return ids


def ensure_places(env):
    company = env.company
    places = env["review.place"].search([("code", "=like", "SEND%")])
    missing = PLACES - len(places)
    if missing > 0:
        places |= env["review.place"].create(
            [
                {
                    "name": f"Shop {n:03d}",
                    "code": f"SEND{n:03d}",
                    "company_id": company.id,
                }
                for n in range(len(places), PLACES)
            ]
        )
    return places


def ensure_configs(env, places):
    """One point of sale per place, the place of its orders' ratings."""
    configs = env["pos.config"].search([("name", "=like", "Send POS %")])
    missing = places[len(configs) :]
    if missing:
        configs |= env["pos.config"].create(
            [
                {
                    "name": f"Send POS {place.code}",
                    "review_place_id": place.id,
                    # no default cash method: Odoo checks its journal one
                    # point of sale at a time only
                    "payment_method_ids": [Command.clear()],
                }
                for place in missing
            ]
        )
    return configs


def insert_orders(env, configs, partners):
    """One paid order per customer, rung up in turn at each point of sale,
    three hours ago, marked as the sync marks it. They all hang on one open
    session (the requests read only the order's point of sale)."""
    cr = env.cr
    session = env["pos.session"].create(
        {"config_id": configs[0].id, "user_id": env.uid}
    )
    cr.execute(
        """
        INSERT INTO pos_order (company_id, session_id, config_id, name, pos_reference,
            partner_id, amount_tax, amount_total, amount_paid, amount_return,
            state, date_order, create_date, write_date, review_request_pending)
        SELECT %s, %s, (%s::int[])[1 + t.n %% %s], 'Send/' || lpad(t.n::text, 6, '0'),
               'Order ' || lpad(t.n::text, 6, '0'), t.p, 0, 25, 25, 0, 'paid',
               now() - interval '3 hours', now(), now(), true
          FROM unnest(%s::int[]) WITH ORDINALITY AS t(p, n)
        RETURNING id
        """,
        (env.company.id, session.id, configs.ids, len(configs), partners),
    )
    return env["pos.order"].browse([row[0] for row in cr.fetchall()])


def schedule(env):
    """The requests of the pending orders, as the bridge's job makes them;
    then all made due (the company's POS delay is 2 hours)."""
    made = env["pos.order"]._review_schedule_requests()
    env.cr.execute(
        "UPDATE review_request SET scheduled_date = now() - interval '1 hour' "
        "WHERE state = 'scheduled'"
    )
    env.invalidate_all()
    return made


def send_requests(env):
    env.cr.execute("SELECT count(*) FROM mail_mail")
    before = env.cr.fetchone()[0]
    started = time.monotonic()
    sent = env["review.request"]._cron_send_review_requests()
    elapsed = time.monotonic() - started
    env.cr.execute("SELECT count(*) FROM mail_mail")
    queued = env.cr.fetchone()[0] - before
    return {
        "requests": len(sent),
        "queued_emails": queued,
        "seconds": round(elapsed, 1),
        "per_s": round(len(sent) / elapsed, 1) if elapsed else None,
    }


def baseline(env, partners):
    """Odoo's own: one task per customer asked for a rating by
    rating_send_request (``--baseline-tasks`` of them)."""
    cr = env.cr
    project = env["project.project"].create(
        {"name": "Send bench project", "rating_active": True}
    )
    stage = env["project.task.type"].create(
        {
            "name": "Done",
            "project_ids": [(4, project.id)],
            "rating_template_id": env.ref(
                "project.rating_project_request_email_template"
            ).id,
        }
    )
    cr.execute(
        """
        INSERT INTO project_task (name, project_id, stage_id, partner_id, state,
            active, company_id, create_date, write_date)
        SELECT 'Task ' || t.n, %s, %s, t.p, '1_done', true, %s, now(), now()
          FROM unnest(%s::int[]) WITH ORDINALITY AS t(p, n)
        RETURNING id
        """,
        (project.id, stage.id, env.company.id, partners),
    )
    tasks = env["project.task"].browse([row[0] for row in cr.fetchall()])
    template = stage.rating_template_id
    cr.execute("SELECT count(*) FROM mail_mail")
    before = cr.fetchone()[0]
    started = time.monotonic()
    tasks.rating_send_request(template, force_send=False)
    elapsed = time.monotonic() - started
    cr.execute("SELECT count(*) FROM mail_mail")
    queued = cr.fetchone()[0] - before
    return {
        "tasks": len(tasks),
        "queued_emails": queued,
        "seconds": round(elapsed, 1),
        "per_s": round(len(tasks) / elapsed, 1) if elapsed else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument(
        "--baseline-tasks",
        type=int,
        default=None,
        help="tasks of the baseline (default: as many as --orders)",
    )
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    logging.basicConfig(level=logging.INFO, format="[bench] %(message)s")
    registry = odoo.modules.registry.Registry(args.database)
    result = {"orders": args.orders, "places": PLACES}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        places = ensure_places(env)
        configs = ensure_configs(env, places)
        partners = insert_customers(env, args.orders)
        orders = insert_orders(env, configs, partners)
        cr.commit()
        step = time.monotonic()
        made = schedule(env)
        elapsed = time.monotonic() - step
        result["schedule"] = {
            "orders": len(orders),
            "requests": len(made),
            "seconds": round(elapsed, 1),
            "per_s": round(len(made) / elapsed, 1) if elapsed else None,
        }
        result["schedule_s"] = result["schedule"]["seconds"]
        cr.commit()
        _logger.info("%s requests made: %s", len(made), result["schedule"])
        result["review_inbox"] = send_requests(env)
        cr.commit()
        _logger.info("review_inbox: %s", result["review_inbox"])
        tasks = args.baseline_tasks or args.orders
        result["rating_send_request"] = baseline(env, partners[:tasks])
        _logger.info("rating_send_request: %s", result["rating_send_request"])
        cr.rollback()
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
