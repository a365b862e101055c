from contextlib import nullcontext
from unittest.mock import patch

from odoo.tests import tagged

from ..models.rating_rating import RatingRating
from .common import SYNC_CRON, RatingCase

# What the bridge may add to Odoo's rating_apply ("giving a rating stays
# fast"). It adds 2: the job's trigger (reading the job, inserting the
# trigger); the flag goes in the rating's own UPDATE.
HOOK_QUERIES_MAX = 3


@tagged("post_install", "-at_install")
class TestRatingPerformance(RatingCase):
    def _apply(self, hook):
        """rating_apply on a new task's rating, with or without the bridge's
        hook; its queries."""
        task = self._task("Timed", self.project_support)
        token = self.rating_token(task)
        # one trigger per transaction: each measure is a transaction of its own
        self.env.cr.postcommit.data.pop(SYNC_CRON, None)
        self.env.flush_all()
        self.env.invalidate_all()
        without = (
            patch.object(RatingRating, "_review_write_queues", return_value=False)
            if not hook
            else nullcontext()
        )
        with without:
            before = self.cr.sql_log_count
            rating = task.sudo().rating_apply(5, token=token, feedback="Good")
            self.env.flush_all()
            count = self.cr.sql_log_count - before
        self.assertEqual(rating.review_sync_pending, hook)
        return count

    def test_rating_apply_queries(self):
        self._apply(hook=False)
        self._apply(hook=True)  # warm-up of both
        without_hook = self._apply(hook=False)
        with_hook = self._apply(hook=True)
        self.assertLessEqual(with_hook - without_hook, HOOK_QUERIES_MAX)
        # pinned as the core pins its own: the bridge's queries at most
        task = self._task("Pinned", self.project_support)
        token = self.rating_token(task)
        self.env.cr.postcommit.data.pop(SYNC_CRON, None)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(without_hook + HOOK_QUERIES_MAX):
            task.sudo().rating_apply(5, token=token, feedback="Good")
            self.env.flush_all()
