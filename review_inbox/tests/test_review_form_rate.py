import threading
from functools import partial

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import run_concurrently

CLIENT = "198.51.100.7"
POSTS = 15


@tagged("post_install", "-at_install")
class TestReviewFormRateConcurrency(TransactionCase):
    """Posts of one client to one place's form, in parallel transactions."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            place = env["review.place"].create(
                {"name": "Rate place", "code": "RATE", "company_id": company.id}
            )
            self.ids = {"place": place.id}
            self.limit = company.review_form_rate_limit
        self.assertLess(self.limit, POSTS)
        self.addCleanup(self._clean)

    def _clean(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["review.message"].search(
                [("place_id", "=", self.ids["place"])]
            ).unlink()
            env["review.place"].browse(self.ids["place"]).unlink()

    def _submit(self, env):
        """What the form controller does once the post is valid."""
        place = env["review.place"].browse(self.ids["place"])
        if not env["review.form.rate"]._consume(place, CLIENT):
            return False
        env["review.message"].create(
            {"place_id": place.id, "source": "web", "rating": 4, "body": "Race"}
        )
        return True

    @mute_logger("odoo.service.model")
    def test_parallel_posts_accept_exactly_the_limit(self):
        """15 posts at once, each with its snapshot taken before any other
        commits (as concurrent requests do): the limit accepted and stored,
        nothing more."""
        barrier = threading.Barrier(POSTS)

        def post(env):
            # the snapshot is taken now, before any post is counted
            env["review.place"].browse(self.ids["place"]).company_id.name  # noqa: B018
            barrier.wait(timeout=30)
            # as Odoo serves a request: retried on serialization failures
            return retrying(partial(self._submit, env), env)

        results = run_concurrently(self.registry, POSTS, post, timeout=120)
        limit = self.limit
        self.assertEqual(sorted(results), [False] * (POSTS - limit) + [True] * limit)
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM review_message WHERE place_id = %s",
                    self.ids["place"],
                )
            )
            self.assertEqual(cr.fetchone()[0], limit, "exactly the limit stored")
            cr.execute(
                SQL(
                    "SELECT sum(count) FROM review_form_rate WHERE place_id = %s",
                    self.ids["place"],
                )
            )
            self.assertEqual(cr.fetchone()[0], limit, "never counted over")
