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
        # Straight from the relation: archived places included (as before),
        # and no record rule to evaluate while rules are being computed.
        # Cached with the rules; review.place clears the caches when its
        # staff change.
        rows = self.env.execute_query(
            SQL(
                "SELECT place_id FROM review_place_user_rel WHERE user_id = %s",
                self.env.uid,
            )
        )
        return tuple(sorted(row[0] for row in rows))
