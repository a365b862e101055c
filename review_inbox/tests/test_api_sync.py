from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

SYNC_PAGE = 2


@tagged("post_install", "-at_install")
class TestApiSyncConcurrency(TransactionCase):
    """The API's sync against transactions that commit while it reads.

    Each read and each write is its own transaction, as requests are: a
    reader that wrote nothing sees no row of its own.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            place = env["review.place"].create(
                {
                    "name": "Sync place",
                    "code": "SYNC",
                    "company_id": env.ref("base.main_company").id,
                }
            )
            self.place_id = place.id
            self.committed = self._write(env, 3, "before")
        self.addCleanup(self._clean)

    def _clean(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["review.message"].search([("place_id", "=", self.place_id)]).unlink()
            env["review.place"].browse(self.place_id).unlink()

    def _write(self, env, count, body):
        reviews = env["review.message"].create(
            [{"place_id": self.place_id, "body": body} for _i in range(count)]
        )
        env.flush_all()
        return set(reviews.ids)

    def _sync(self, position=None):
        """Follow the pages from ``position`` as a client follows ``next``,
        each page in a transaction of its own; (ids of this place, position
        to resume from)."""
        ids = set()
        more = True
        while more:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                rows, position, more = env["review.message"]._api_export(
                    after=position, limit=SYNC_PAGE
                )
                ids |= {row["id"] for row in rows if row["place_code"] == "SYNC"}
        return ids, position

    def test_resume_gives_later_changes(self):
        ids, position = self._sync()
        self.assertEqual(ids, self.committed)
        self.assertEqual(self._sync(position)[0], set(), "nothing changed since")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            added = self._write(env, 2, "later")
            changed = min(self.committed)
            env["review.message"].browse(changed).body = "Changed"
        self.assertEqual(self._sync(position)[0], added | {changed})

    def test_long_transaction_committing_late_is_not_missed(self):
        """A slow import writes before the sync reads, and commits after a
        quicker writer and after the sync's pages: the next pages have
        both. A sync by write_date or id would have passed them."""
        slow_cr = self.registry.cursor()
        try:
            slow_env = api.Environment(slow_cr, SUPERUSER_ID, {})
            slow = self._write(slow_env, 5, "slow import")  # not committed yet
            with self.registry.cursor() as cr:
                quick = self._write(api.Environment(cr, SUPERUSER_ID, {}), 2, "quick")
            ids, position = self._sync()
            self.assertEqual(ids, self.committed, "no row behind the slow import")
            slow_cr.commit()
        finally:
            slow_cr.close()
        later, __ = self._sync(position)
        self.assertEqual(later, slow | quick, "every row committed late comes")
