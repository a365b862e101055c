from odoo import models, tools
from odoo.tools import SQL


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _eval_context(self):
        """Record rules of place staff test ``place_id in review_place_ids``.

        A list of ids instead of ``place_id.user_ids in user.id``: the read
        check of Odoo evaluates rules in Python on the records read, and the
        ids need no fetch of places and users there; in SQL the planner gets
        a plain ``IN`` list it can match with the inbox's indexes.
        """
        context = super()._eval_context()
        context["review_place_ids"] = self._review_place_ids()
        return context

    @tools.ormcache("self.env.uid")
    def _review_place_ids(self):
        # Straight from the tables: no record rule to evaluate while rules
        # are being computed. Archived places give their staff no access:
        # a closed shop's reviews stay with the managers and viewers.
        # Cached with the rules; review.place clears the caches when its
        # staff change or it is archived.
        self.env["review.place"].flush_model(["active", "user_ids"])
        rows = self.env.execute_query(
            SQL(
                """SELECT rel.place_id
                     FROM review_place_user_rel rel
                     JOIN review_place place ON place.id = rel.place_id
                    WHERE rel.user_id = %s AND place.active""",
                self.env.uid,
            )
        )
        return tuple(sorted(row[0] for row in rows))
