import re

from lxml import html as lxml_html

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.review_inbox.tests.common import PublicPagesMixin

from .common import ReviewSaleCase

RATE_LINK_RE = re.compile(r"/review/rate/([A-Za-z0-9_-]{43})")


class SentOrderMixin:
    @classmethod
    def _sent_order_request(cls, partner=None, team=None, lines=None):
        """A confirmed order whose request was emailed: (order, request,
        raw token of its email)."""
        order = cls._order(partner, team=team, lines=lines)
        order.action_confirm()
        request = cls._requests(order)
        mail = request._send_request_mail()
        [token] = set(RATE_LINK_RE.findall(mail.body_html))
        return order, request, token


@tagged("post_install", "-at_install")
class TestSaleRating(SentOrderMixin, ReviewSaleCase):
    """The rating of an order's request is a review tied to the order."""

    def test_rating_ties_the_review_to_the_order(self):
        order, request, _token = self._sent_order_request()
        review = request._submit_rating(2, "The workshop started late")
        self.assertRecordValues(
            review,
            [
                {
                    "sale_order_id": order.id,
                    "request_id": request.id,
                    "place_id": self.place_a.id,
                    "partner_id": self.customer.id,
                    "rating": 2,
                    "is_alert": True,
                    "source": "request",
                }
            ],
        )

    def test_request_of_another_document_has_no_order(self):
        partner_document = self.env["res.partner"].create({"name": "Visit"})
        request = self.Request._create_requests(
            [self.bob.id], self.place_a, partner_document
        )
        request._send_request_mail()
        review = request._submit_rating(4, "")
        self.assertFalse(review.sale_order_id)
        self.assertNotIn("Order", request._get_rated_document_label())

    def test_sale_order_id_protected(self):
        order, request, _token = self._sent_order_request()
        review = request._submit_rating(5, "")
        other = self._order(self.bob)
        with self.assertRaises(AccessError):
            review.with_user(self.manager).write({"sale_order_id": other.id})
        with self.assertRaises(AccessError):
            self.env["review.message"].with_user(self.manager).create(
                {"place_id": self.place_a.id, "sale_order_id": other.id}
            )
        self.assertEqual(review.sale_order_id, order)


@tagged("post_install", "-at_install")
class TestSaleRatePage(SentOrderMixin, PublicPagesMixin, ReviewSaleCase, HttpCase):
    """The rating page of an order's link."""

    def _label(self, response):
        return lxml_html.fromstring(response.text).xpath(
            "string(//*[hasclass('o_review_rate_document')])"
        )

    def test_page_names_the_order_and_post_ties_the_review(self):
        order, request, token = self._sent_order_request()
        page = self.public_get(f"/review/rate/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self._label(page), f"Order {order.name}")
        csrf = self.csrf_token(f"/review/rate/{token}")
        response = self.public_post(
            f"/review/rate/{token}", {"rating": "2", "comment": "Late"}, csrf
        )
        self.assertEqual(response.status_code, 303)
        review = (
            self.env["review.message"].sudo().search([("request_id", "=", request.id)])
        )
        self.assertEqual(len(review), 1)
        self.assertEqual(review.sale_order_id, order)
        self.assertEqual(review.body, "Late")
        self.assertEqual(request.state, "rated")
        second = self.public_post(f"/review/rate/{token}", {"rating": "5"}, csrf)
        self.assertEqual(second.status_code, 410)
        self.assertEqual(review.search_count([("sale_order_id", "=", order.id)]), 1)

    def test_label_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["review_inbox", "review_inbox_sale"], ["fr_FR"], overwrite=True
        )
        self.customer.lang = "fr_FR"
        order, _request, token = self._sent_order_request()
        page = self.public_get(
            f"/review/rate/{token}", headers={"Accept-Language": "en-US,en;q=0.9"}
        )
        self.assertEqual(self._label(page), f"Commande {order.name}")
