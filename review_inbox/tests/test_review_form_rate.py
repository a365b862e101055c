import threading
from functools import partial

from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import CommittedRaceCase, run_concurrently

CLIENT = "198.51.100.7"
POSTS = 15


@tagged("post_install", "-at_install")
class TestReviewFormRateConcurrency(CommittedRaceCase):
    """Posts of one client to one place's form, in parallel transactions."""

    race_code = "RATE"

    def setUp(self):
        super().setUp()
        self.limit = self.env.ref("base.main_company").review_form_rate_limit
        self.assertLess(self.limit, POSTS)

    def _submit(self, env):
        """What the form controller does once the post is valid."""
        place = env["review.place"].browse(self.race_ids["place"])
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
            env["review.place"].browse(self.race_ids["place"]).company_id.name  # noqa: B018
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
                    self.race_ids["place"],
                )
            )
            self.assertEqual(cr.fetchone()[0], limit, "exactly the limit stored")
            cr.execute(
                SQL(
                    "SELECT sum(count) FROM review_form_rate WHERE place_id = %s",
                    self.race_ids["place"],
                )
            )
            self.assertEqual(cr.fetchone()[0], limit, "never counted over")
