from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReviewSaleCase

NOW = datetime(2025, 5, 4, 10, 0, 0)
LATER = NOW + timedelta(days=2)


@tagged("post_install", "-at_install")
class TestSaleRequestSend(ReviewSaleCase):
    """At send time, an order cancelled or refunded meanwhile is not rated."""

    def _confirmed(self, partner=None, **kwargs):
        with freeze_time(NOW):
            order = self._order(partner, **kwargs)
            order.action_confirm()
        return order

    def _send(self):
        with freeze_time(LATER):
            return self.Request._cron_send_review_requests()

    def _mails(self, partner):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", partner.ids)])
            .filtered(lambda mail: "/review/rate/" in (mail.body_html or ""))
        )

    def test_sent_when_due(self):
        order = self._confirmed()
        with freeze_time(NOW + timedelta(hours=23)):
            self.assertFalse(self.Request._cron_send_review_requests(), "not due")
        sent = self._send()
        self.assertEqual(sent, self._requests(order))
        self.assertEqual(sent.state, "sent")
        [mail] = self._mails(self.customer)
        self.assertIn(f"Order {order.name}", mail.body_html)
        # an order, not a visit: neither the subject nor the body says so
        self.assertNotIn("visit", f"{mail.subject} {mail.body_html}".lower())

    def test_cancelled_before_sending_not_sent(self):
        cancelled = self._confirmed()
        kept = self._confirmed(self.bob)
        cancelled._action_cancel()
        sent = self._send()
        self.assertEqual(sent, self._requests(kept))
        self.assertEqual(self._requests(cancelled).state, "cancelled")
        self.assertFalse(self._mails(self.customer))

    def test_back_to_quotation_not_sent(self):
        order = self._confirmed()
        order._action_cancel()
        order.action_draft()
        self.assertFalse(self._send())
        self.assertEqual(self._requests(order).state, "cancelled")

    def test_order_deleted_not_sent(self):
        order = self._confirmed()
        request = self._requests(order)
        order._action_cancel()
        order.unlink()
        self.assertFalse(self._send())
        self.assertEqual(request.state, "cancelled")


@tagged("post_install", "-at_install")
class TestSaleRequestRefunded(ReviewSaleCase):
    """A fully refunded order is not rated; a partly refunded one is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )

    def _invoiced(self, partner, lines):
        with freeze_time(NOW):
            order = self._order(partner, lines=lines)
            order.action_confirm()
            invoice = order._create_invoices()
            invoice.action_post()
        return order, invoice

    def _send(self):
        with freeze_time(LATER):
            return self.Request._cron_send_review_requests()

    def test_fully_refunded_not_sent(self):
        order, invoice = self._invoiced(
            self.customer, [(self.service, 2, 65.0), (self.gift_card, 1, 50.0)]
        )
        invoice._reverse_moves(cancel=True)
        self.assertEqual(order._review_refunded(), order)
        self.assertFalse(self._send())
        self.assertEqual(self._requests(order).state, "cancelled")

    def test_partly_refunded_sent(self):
        order, invoice = self._invoiced(
            self.customer, [(self.service, 2, 65.0), (self.gift_card, 1, 50.0)]
        )
        refund = invoice._reverse_moves()
        refund.invoice_line_ids.filtered(
            lambda line: line.product_id == self.gift_card
        ).unlink()
        refund.action_post()
        self.assertFalse(order._review_refunded())
        self.assertEqual(self._send(), self._requests(order))

    def test_draft_credit_note_does_not_count(self):
        order, invoice = self._invoiced(self.customer, [(self.service, 1, 65.0)])
        invoice._reverse_moves()  # a draft credit note
        self.assertFalse(order._review_refunded())
        self.assertEqual(self._send(), self._requests(order))

    def test_invoice_of_two_orders(self):
        """An invoice of two orders, whose credit note refunds one of them:
        the other is still rated."""
        with freeze_time(NOW):
            refunded = self._order(self.customer, lines=[(self.service, 1, 65.0)])
            kept = self._order(self.customer, lines=[(self.gift_card, 1, 50.0)])
            (refunded | kept).action_confirm()
            invoice = (refunded | kept)._create_invoices()
            invoice.action_post()
        self.assertEqual(len(invoice), 1, "one invoice of both orders")
        refund = invoice._reverse_moves()
        refund.invoice_line_ids.filtered(
            lambda line: line.product_id == self.gift_card
        ).unlink()
        refund.action_post()
        self.assertEqual((refunded | kept)._review_refunded(), refunded)
        self.assertEqual(self._send(), self._requests(kept))
        self.assertEqual(self._requests(refunded).state, "cancelled")
