import secrets
from functools import partial

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged, users, warmup

from .common import NoWriteMixin, ReviewInboxCase
from .test_reply_controller import LINK_RE, ReplyPageMixin

# Queries of one request, as the server runs them (small data set, warm
# caches). Targets of the benchmark: P6 <= 35, P7 <= 15, P8 <= 5. Each ceiling
# is the count measured: one more query, say one per entry, fails the test.
REPLY_POST_QUERIES = 12  # P6
# the first answer to the first reply (its only entry came with the link)
FIRST_REPLY_POST_QUERIES = REPLY_POST_QUERIES
REPLY_PAGE_QUERIES = 11  # P7
BAD_LINK_QUERIES = 3  # P8, unknown link, GET or POST
# P8, spent link, GET or POST: the 410 page speaks the language of the
# reply's email, read with the link itself: no query more than an unknown link.
SPENT_LINK_QUERIES = BAD_LINK_QUERIES


@tagged("post_install", "-at_install")
class TestReplyPerformance(NoWriteMixin, ReplyPageMixin, ReviewInboxCase, HttpCase):
    """The customer's reply page runs a fixed number of queries, whatever the
    length of the conversation, and its read-only routes write nothing.

    The requests are the public user's: the counts are keyed by its login.
    The warm-up run of @warmup fills the registry caches, as in a running
    worker, and counts nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_1, cls.review_2, cls.review_6 = cls.env["review.message"].create(
            [
                {
                    "place_id": cls.place_a.id,
                    "partner_id": cls.customer.id,
                    "rating": 4,
                    "body": f"Review {name}",
                }
                for name in ("1", "2", "6")
            ]
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _conversation(self, review, length):
        """Entries from staff and customer in turn, the last one a staff
        reply: return the raw token of its link."""
        for index in range(length - 1):
            if index % 2:
                review.sudo()._receive_customer_answer(f"Answer {index}", "email")
            else:
                review.with_user(self.user_a).send_reply(f"Reply {index}")
        entry = review.with_user(self.user_a).send_reply("Last reply")
        self.assertEqual(len(review.sudo().conversation_entry_ids), length)
        mail = entry.sudo().notification_id.mail_mail_id
        return LINK_RE.search(mail.body_html).group(1)

    def _post(self, token, answer, csrf_token):
        """POST the form as a browser would; the 303 is not followed."""
        return self.public_post(
            f"/review/reply/{token}", {"answer": answer}, csrf_token
        )

    def _counted(self, call, **expected):
        """``call()``, a request, and its queries (``assertQueryCount``)."""
        with self.assertQueryCount(**expected):
            return call()

    def _spend(self, token):
        """Answer through the link; return the CSRF token of its form."""
        csrf_token = self._csrf(token)
        self.assertEqual(self._post(token, "Done", csrf_token).status_code, 303)
        return csrf_token

    def _customer_answers(self, review):
        return review.sudo().conversation_entry_ids.filtered(
            lambda e: e.author_type == "customer"
        )

    # ------------------------------------------------------------------
    # P7: the page of a valid link
    # ------------------------------------------------------------------

    @users("public")
    @warmup
    def test_reply_page_queries(self):
        for review, length in ((self.review_1, 1), (self.review_6, 6)):
            token = self._conversation(review, length)
            with self.subTest(entries=length):
                with self.assertNoWrite():
                    response = self._counted(
                        partial(self._get, token), public=REPLY_PAGE_QUERIES
                    )
                self.assertEqual(response.status_code, 200)
                tree = lxml_html.fromstring(response.text)
                shown = tree.xpath("//*[hasclass('o_review_reply_entry')]")
                self.assertEqual(len(shown), length)
                with self.assertNoWrite():
                    response = self._counted(
                        partial(self._get, token, head=True),
                        public=REPLY_PAGE_QUERIES,
                    )
                self.assertEqual(response.status_code, 200)
        with self.assertNoWrite():
            self.assertEqual(self.url_open("/review/reply/thanks").status_code, 200)

    # ------------------------------------------------------------------
    # P6: the customer's answer
    # ------------------------------------------------------------------

    @users("public")
    @warmup
    def test_reply_post_queries(self):
        for review, length, queries in (
            (self.review_1, 1, FIRST_REPLY_POST_QUERIES),
            (self.review_2, 2, REPLY_POST_QUERIES),
            (self.review_6, 6, REPLY_POST_QUERIES),
        ):
            token = self._conversation(review, length)
            csrf_token = self._csrf(token)
            with self.subTest(entries=length):
                response = self._counted(
                    partial(self._post, token, "Thanks!", csrf_token), public=queries
                )
                self.assertEqual(response.status_code, 303)
                self.assertIn("Thanks!", self._customer_answers(review).mapped("body"))

    # ------------------------------------------------------------------
    # P8: unknown and spent links
    # ------------------------------------------------------------------

    @users("public")
    @warmup
    def test_unknown_link_queries(self):
        # the form's CSRF token, from the page of a valid link
        csrf_token = self._csrf(self._conversation(self.review_1, 1))
        with self.assertNoWrite():
            response = self._counted(
                partial(self._get, secrets.token_urlsafe(32)), public=BAD_LINK_QUERIES
            )
            self.assertEqual(response.status_code, 404)
            response = self._counted(
                partial(self._post, secrets.token_urlsafe(32), "Hi", csrf_token),
                public=BAD_LINK_QUERIES,
            )
            self.assertEqual(response.status_code, 404)

    @users("public")
    @warmup
    def test_spent_link_queries(self):
        for review, length in ((self.review_1, 1), (self.review_6, 6)):
            token = self._conversation(review, length)
            csrf_token = self._spend(token)
            answers = self._customer_answers(review)
            with self.subTest(entries=length), self.assertNoWrite():
                response = self._counted(
                    partial(self._get, token), public=SPENT_LINK_QUERIES
                )
                self.assertEqual(response.status_code, 410)
                response = self._counted(
                    partial(self._post, token, "Again", csrf_token),
                    public=SPENT_LINK_QUERIES,
                )
                self.assertEqual(response.status_code, 410)
            self.assertEqual(self._customer_answers(review), answers)
