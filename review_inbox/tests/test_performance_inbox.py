"""Query counts of the inbox screens, as the web client loads them.

A change that adds a query per record (a field computed record by record, a
rule that needs a fetch...) makes these fail. The figures at scale are in
docs/benchmarks.md (make bench); the requests below are the ones the web
client sends for the Inbox action (captured from Chromium), and
test_specifications_follow_the_views keeps them in step with the views.
"""

from lxml import etree

from odoo import Command
from odoo.tests import tagged, users, warmup

from .common import ReviewInboxCase
from .inbox_requests import INBOX, KANBAN_SPEC, LIST_SPEC, open_kanban, open_list

# Fields a widget asks for besides its own (the fieldDependencies of
# review_conversation_state and review_sla_badge), whether the view has
# them or not.
WIDGET_FIELDS = {
    "conversation_date",
    "conversation_author_id",
    "reply_not_delivered",
    "sla_deadline",
    "state",
}
# At commit, the live inbox's messages for the reviews created: the reviews
# (those still there), their places, the viewers, the places' staff, the
# staff users, their languages (for the alerts), then the bus.bus rows; and
# mail's own hook for the tracking templates (2).
LIVE_INBOX_QUERIES = 9


@tagged("post_install", "-at_install")
class TestInboxQueries(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            # A user of several places, as in the benchmark.
            more = cls.env["review.place"].create(
                [
                    {
                        "name": f"Place A{n}",
                        "code": f"A{n}",
                        "company_id": cls.company.id,
                        "user_ids": [Command.link(cls.user_a.id)],
                    }
                    for n in range(1, 5)
                ]
            )
            places = cls.place_a | more
            categories = cls.env["review.category"].search([], limit=4)
            customers = cls.env["res.partner"].create(
                [
                    {"name": f"Customer {n}", "email": f"c{n}@customer.test"}
                    for n in range(40)
                ]
            )
            vals = []
            for n in range(240):
                vals.append(
                    {
                        "place_id": places[n % len(places)].id,
                        "partner_id": customers[n % len(customers)].id,
                        "rating": n % 6,
                        "body": f"Review number {n} about the parking and the staff",
                        "review_type": ["review", "message", "complaint"][n % 3],
                        "category_ids": [Command.set(categories[: n % 3].ids)],
                        "user_id": (cls.user_a | cls.manager)[n % 2].id
                        if n % 5 == 0
                        else False,
                        "is_on_hold": n % 7 == 0,
                        "hold_reason": "Call back" if n % 7 == 0 else False,
                    }
                )
            cls.many = cls.env["review.message"].create(vals)
            # Some conversations: their date and last author, customers and
            # staff, each a partner of its own, are on the cards and rows.
            authors = customers[:20] | (cls.user_a | cls.manager).partner_id
            for index, review in enumerate(cls.many[:60]):
                review.write(
                    {
                        "conversation_state": "unread",
                        "conversation_date": "2026-01-01 10:00:00",
                        "conversation_author_id": authors[index % len(authors)].id,
                    }
                )

    def _reviews(self, user=None):
        Review = self.env["review.message"]
        if user:
            Review = Review.with_user(user)
        return Review.with_context(lang="en_US", tz="UTC", bin_size=True)

    def _counted(self, call, **expected):
        """``call()`` after the invalidation a new request starts with; the
        warm-up run of @warmup fills the registry caches, as in a running
        worker, and counts nothing."""
        self.env.invalidate_all()
        with self.assertQueryCount(**expected):
            return call()

    def test_specifications_follow_the_views(self):
        Review = self._reviews(self.user_a)
        for view_type, spec in (("kanban", KANBAN_SPEC), ("list", LIST_SPEC)):
            arch = Review.get_views([(False, view_type)])["views"][view_type]["arch"]
            names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
            self.assertEqual(set(spec), names | WIDGET_FIELDS, view_type)

    # Over HTTP each request also checks its session (one query more each):
    # P1 8 + 4, P2 3 + 1, P4 1 + 1 (targets 16, 5, 2).

    def test_reads_may_go_to_a_replica(self):
        """The inbox's read requests are read-only: Odoo may serve them from a
        read replica (--db_replica_host)."""
        Review = type(self.env["review.message"])
        for method in (
            "web_search_read",
            "web_read",
            "web_read_group",
            "search_panel_select_range",
            "search_panel_select_multi_range",
        ):
            self.assertTrue(
                getattr(getattr(Review, method), "_readonly", False), method
            )

    @users("place_a_user", "review_manager_t")
    @warmup
    def test_kanban_queries(self):
        """P1: groups + 3 columns (with assignees, categories, a count)."""
        groups = self._counted(
            lambda: open_kanban(self._reviews(), INBOX),
            place_a_user=8,
            review_manager_t=8,
        )
        self.assertEqual(
            [g["priority"] for g in groups["groups"]], ["hold", "alert", "new"]
        )

    @users("place_a_user")
    @warmup
    def test_list_queries(self):
        """P2: 80 rows and the count, whatever the rows hold."""
        result = self._counted(
            lambda: open_list(self._reviews(), INBOX), place_a_user=3
        )
        self.assertEqual(len(result["records"]), 80)
        # Rows of 22 last authors, customers and staff: their names come with
        # the rows, not a query each.
        answered = [*INBOX, ["conversation_author_id", "!=", False]]
        result = self._counted(
            lambda: open_list(self._reviews(), answered), place_a_user=3
        )
        records = result["records"]
        authors = {r["conversation_author_id"]["display_name"] for r in records}
        self.assertEqual(len(records), 60)
        self.assertEqual(len(authors), 22)
        self.assertIn("Alice PlaceA", authors)
        # Not one query more for a page twice as long.
        self._counted(
            lambda: open_list(self._reviews(), INBOX, limit=160), place_a_user=3
        )

    @users("place_a_user")
    @warmup
    def test_search_panel_queries(self):
        """P4: the counters of states and of places, one request each."""
        Review = self._reviews()
        states = self._counted(
            lambda: Review.search_panel_select_range(
                "state", enable_counters=True, expand=True, limit=200
            ),
            place_a_user=1,
        )
        counts = {v["id"]: v["__count"] for v in states["values"]}
        self.assertEqual(counts["inbox"], 242)
        self.assertEqual(counts["done"], 0)  # not counted
        places = self._counted(
            lambda: Review.search_panel_select_multi_range(
                "place_id", category_domain=INBOX, enable_counters=True, limit=200
            ),
            place_a_user=1,
        )
        self.assertEqual(len(places["values"]), 5)

    @users("place_a_user")
    @warmup
    def test_new_reviews_reach_the_inboxes_in_fixed_queries(self):
        """The live inbox's bus messages, sent when the transaction commits,
        take the same queries for one review as for many of several places:
        none per review, none per user."""
        places = self.place_a | self.env["review.place"].search(
            [("code", "in", ["A1", "A2", "A3", "A4"])]
        )
        for count in (1, 25):
            # as a customer's path creates them (staff enter none)
            self.env["review.message"].sudo().create(
                [
                    {
                        "place_id": places[n % len(places)].id,
                        "rating": 1 + n % 5,
                        "body": f"Live review {n}",
                    }
                    for n in range(count)
                ]
            )
            self.env.flush_all()
            # as the commit of another request would find it
            self.env.invalidate_all()
            with self.assertQueryCount(place_a_user=LIVE_INBOX_QUERIES, flush=False):
                self.env.cr.precommit.run()
