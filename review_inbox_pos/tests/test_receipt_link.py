from datetime import timedelta

from lxml import html as lxml_html

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.review_inbox.tests.common import NoWriteMixin, PublicPagesMixin

from .common import ReviewPosCase


@tagged("post_install", "-at_install")
class TestReceiptLinkPages(NoWriteMixin, PublicPagesMixin, ReviewPosCase, HttpCase):
    """An order rung up offline, its receipt's link made by the POS, synced
    later: the customer types the short address of the receipt and rates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config.review_receipt_qr = True

    def _offline_order(self, token):
        """Synced, its request not made yet: the link works before the job."""
        paid = fields.Datetime.now() - timedelta(hours=3)
        order = self.sync(
            self.order_data(token=token, date_order=fields.Datetime.to_string(paid)),
            schedule=False,
        )
        self.assertTrue(order.review_request_pending)
        self.assertFalse(self.requests_of(order))
        return order

    def test_short_address_opens_the_rating_page_and_rates_the_order(self):
        token = self.new_token()
        order = self._offline_order(token)
        response = self.public_get(f"/rv/{token}", allow_redirects=False)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].endswith(f"/review/rate/{token}"))
        self.assertPrivateHeaders(response)
        # the rating page finds the request on its read-only cursor: served
        # once, not again on a read/write one
        with self.assertNoLogs("odoo.http", "WARNING"):
            page = self.public_get(f"/rv/{token}")
        self.assertEqual(page.status_code, 200)
        tree = lxml_html.fromstring(page.text)
        self.assertEqual(tree.xpath("string(//h1)"), "Shop A")
        self.assertIn(
            "Your visit to Shop A on",
            tree.xpath("string(//*[hasclass('o_review_rate_document')])"),
        )
        path = f"/review/rate/{token}"
        csrf_token = self.csrf_token(path)
        response = self.public_post(
            path, {"rating": "2", "comment": "Long queue"}, csrf_token
        )
        self.assertEqual(response.status_code, 303)
        review = (
            self.env["review.message"].sudo().search([("pos_order_id", "=", order.id)])
        )
        self.assertRecordValues(
            review,
            [
                {
                    "rating": 2,
                    "body": "Long queue",
                    "partner_id": False,
                    "place_id": self.place_a.id,
                    "source": "request",
                    "is_alert": True,
                }
            ],
        )
        self.assertEqual(review.request_id, self.requests_of(order))
        self.assertEqual(review.request_id.state, "rated")
        # spent: nothing more stored
        again = self.public_post(path, {"rating": "5"}, csrf_token)
        self.assertEqual(again.status_code, 410)
        self.assertEqual(self.public_get(f"/rv/{token}").status_code, 410)
        self.assertEqual(
            self.env["review.message"]
            .sudo()
            .search_count([("pos_order_id", "=", order.id)]),
            1,
        )

    def test_short_address_tells_nothing(self):
        """Known or not, a token gets the same redirect; an unknown one stores
        nothing, a pending order's gets its request made."""
        known = self.new_token()
        order = self._offline_order(known)
        unknown = self.new_token()
        with self.assertNoWrite():
            unknown_get = self.public_get(f"/rv/{unknown}", allow_redirects=False)
            unknown_head = self.public_get(
                f"/rv/{unknown}", allow_redirects=False, head=True
            )
        known_get = self.public_get(f"/rv/{known}", allow_redirects=False)
        for response, token in ((unknown_get, unknown), (known_get, known)):
            self.assertEqual(response.status_code, 302)
            self.assertEqual(
                response.headers["Location"].replace(token, "TOKEN"),
                unknown_get.headers["Location"].replace(unknown, "TOKEN"),
            )
            self.assertEqual(
                response.text.replace(token, "TOKEN"),
                unknown_get.text.replace(unknown, "TOKEN"),
            )
        self.assertEqual(unknown_head.status_code, 302)
        self.env.invalidate_all()  # made by the request, on the test's cursor
        self.assertFalse(order.review_request_pending)
        self.assertEqual(self.requests_of(order).channel, "receipt")
        self.assertEqual(self.public_get(f"/rv/{unknown}").status_code, 404)
        for bad in ("short", known + "x", "a" * 42 + "!"):
            with self.subTest(token=bad):
                response = self.public_get(f"/rv/{bad}", allow_redirects=False)
                self.assertEqual(response.status_code, 404)
                self.assertIn("from our email or your receipt", response.text)
                self.assertPrivateHeaders(response)
