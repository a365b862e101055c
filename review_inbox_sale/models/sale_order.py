from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.tools import float_is_zero, formatLang

# Lines of an order shown in short on its review; the others are counted.
SUMMARY_LINES = 5


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        result = super().action_confirm()
        # sudo: whoever confirms (a salesman without Review Inbox rights),
        # the requests are the addon's bookkeeping: _create_requests applies
        # its rules as superuser
        self.sudo()._review_orders_asked_on_confirmation()._review_schedule_requests()
        return result

    def _review_orders_asked_on_confirmation(self):
        """The orders whose customer is asked for a rating from their
        confirmation: every confirmed one here; the orders to deliver wait
        for their delivery when ``sale_stock`` is installed
        (``review_inbox_sale_stock``)."""
        return self.filtered(lambda order: order.state == "sale")

    def _review_place(self):
        """The place an order's rating goes to: its sales team's, else its
        company's default place (both of the order's company: see their
        company checks); an archived place does not count. Read as
        superuser (see action_confirm)."""
        self.ensure_one()
        order = self.sudo()
        for place in (
            order.team_id.review_place_id,
            order.company_id.review_default_place_id,
        ):
            if place.active:
                return place
        return self.env["review.place"]

    def _review_schedule_requests(self, done_dates=None):
        """Ask the customers of these orders for a rating, the company's
        delay after ``done_dates[order.id]`` (when the order was confirmed
        or delivered; now by default). One ``_create_requests`` per place
        and date, whatever the number of orders; return the requests."""
        done_dates = done_dates or {}
        now = fields.Datetime.now()
        batches = defaultdict(list)
        for order in self.sudo():  # see action_confirm
            place = order._review_place()
            if not place:
                continue
            delay = timedelta(hours=order.company_id.review_request_sale_delay_hours)
            batches[place, done_dates.get(order.id, now) + delay].append(order.id)
        Request = self.env["review.request"]
        requests = Request.browse()
        for (place, scheduled_date), order_ids in batches.items():
            orders = self.sudo().browse(order_ids)
            requests |= Request._create_requests(
                [order.partner_id.id for order in orders],
                place,
                orders,
                "email",
                scheduled_date=scheduled_date,
            )
        return requests

    def _review_no_longer_rated(self):
        """The orders whose rating is no longer wanted: cancelled (or back to
        a quotation) meanwhile, or refunded in full."""
        return self.filtered(lambda order: order.state != "sale") | (
            self._review_refunded()
        )

    def _review_refunded(self):
        """The orders whose invoiced amount was all credited back: posted
        credit notes for as much as their posted invoices (line by line of
        the order, so that an invoice of several orders counts for each its
        share)."""
        invoiced = defaultdict(float)
        refunded = defaultdict(float)
        lines = self.order_line.invoice_lines.filtered(
            lambda line: line.move_id.state == "posted"
        )
        for line in lines:
            for order in line.sale_line_ids.order_id & self:
                if line.move_id.move_type == "out_invoice":
                    invoiced[order.id] += line.price_total
                elif line.move_id.move_type == "out_refund":
                    refunded[order.id] += line.price_total
        return self.filtered(
            lambda order: not order.currency_id.is_zero(refunded[order.id])
            and order.currency_id.compare_amounts(
                refunded[order.id], invoiced[order.id]
            )
            >= 0
        )

    def _review_refundable_invoices(self):
        """The posted customer invoices of these orders left to refund (a
        review's Refund): neither reversed (reconciled with credit notes) nor
        credited in full by the posted credit notes reversing them. Read
        with the caller's rights: only users with invoicing rights refund."""
        invoices = self.invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice"
            and move.state == "posted"
            and move.payment_state != "reversed"
        )
        return invoices.filtered(
            lambda invoice: invoice.currency_id.compare_amounts(
                sum(
                    invoice.reversal_move_ids.filtered(
                        lambda refund: refund.state == "posted"
                    ).mapped("amount_total")
                ),
                invoice.amount_total,
            )
            < 0
        )

    def _review_summary_lines(self):
        """The order's products in short, as its review shows them:
        "Product × quantity", one a line, the first few only."""
        self.ensure_one()
        lines = self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )
        unit = self.env.ref("uom.product_uom_unit", raise_if_not_found=False)
        texts = []
        for line in lines[:SUMMARY_LINES]:
            qty = line.product_uom_qty
            rounding = line.product_uom.rounding or 0.01
            if float_is_zero(qty - round(qty), precision_rounding=rounding):
                quantity = str(round(qty))
            else:
                quantity = formatLang(self.env, qty, dp="Product Unit of Measure")
            if line.product_uom and line.product_uom != unit:
                quantity = f"{quantity} {line.product_uom.name}"
            product = line.product_id.with_context(display_default_code=False)
            texts.append(f"{product.display_name or line.name} × {quantity}")
        if len(lines) > SUMMARY_LINES:
            texts.append(
                self.env._("and %(count)s more", count=len(lines) - SUMMARY_LINES)
            )
        return "\n".join(texts)
