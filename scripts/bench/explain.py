"""EXPLAIN ANALYZE the inbox's own queries of scenarios P1-P5.

Runs the scenarios' ORM calls in Odoo (as the 5-place user), records the SQL
they send on the review table and has PostgreSQL explain each one.
"""

import argparse
import json
import sys
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.tools import SQL

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as scenarios  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--known", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--login", default="bench_user5")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    known = json.loads(Path(args.known).read_text())
    registry = odoo.modules.registry.Registry(args.database)
    captured = []
    execute = sql_db.Cursor.execute

    def capture(self, query, params=None, log_exceptions=True):
        if isinstance(query, SQL):
            code, args_ = query.code, query.params
        else:
            code, args_ = query, params
        text = self.mogrify(code, args_).decode() if args_ else str(code)
        if 'FROM "review_message"' in text and text.lstrip().startswith("SELECT"):
            captured.append(text)
        return execute(self, query, params, log_exceptions)

    group = [["place_group_ids", "in", [known["group_id"]]]]
    text = ["&", *scenarios.text_domain("parking"), *scenarios.INBOX]
    plans = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", args.login)])
        env = api.Environment(cr, user.id, {"lang": "en_US", "bin_size": True})
        Review = env["review.message"]

        inbox = scenarios.inbox_requests  # the same requests as the tests'
        calls = {
            "P1": lambda: inbox.open_kanban(Review, scenarios.INBOX),
            "P2": lambda: inbox.open_list(Review, scenarios.INBOX),
            "P3": lambda: inbox.open_kanban(Review, scenarios.INBOX + group),
            "P4": lambda: (
                Review.search_panel_select_range(
                    "state", enable_counters=True, expand=True
                ),
                Review.search_panel_select_multi_range(
                    "place_id", category_domain=scenarios.INBOX, enable_counters=True
                ),
            ),
            "P5": lambda: inbox.open_list(Review, text),
        }
        sql_db.Cursor.execute = capture
        try:
            for key, call in calls.items():
                env.invalidate_all()
                captured.clear()
                call()
                plans[key] = []
                for query in list(captured):
                    cr.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query)  # pylint: disable=sql-injection
                    plans[key].append(
                        {"sql": query, "plan": "\n".join(r[0] for r in cr.fetchall())}
                    )
        finally:
            sql_db.Cursor.execute = execute
        cr.rollback()
    Path(args.out).write_text(json.dumps(plans, indent=1))


if __name__ == "__main__":
    main()
