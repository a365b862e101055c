import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, models

from odoo.addons.review_inbox.models.review_token_mixin import is_token

_logger = logging.getLogger(__name__)

# The states of an order paid for (posted, invoiced since).
PAID_STATES = ("paid", "done", "invoiced")


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def sync_from_ui(self, orders):
        """Ask the customers of the orders paid in this sync for a rating.

        An order of a point of sale printing rating QR codes may come with
        ``review_token``: the one-time link of its receipt, made by the POS
        when the order was finalized (offline too). It is taken out of the
        order's values before anything stores or logs them: the rating
        request keeps only its hash. All the requests of one sync are made
        together, a few queries whatever the number of orders; none is
        emailed here.
        """
        tokens = {}
        for order in orders:
            token = order.pop("review_token", None) if isinstance(order, dict) else None
            if not token:
                continue
            if is_token(token) and isinstance(order.get("uuid"), str):
                tokens[order["uuid"]] = token
            else:
                _logger.warning(
                    "POS order %s: the rating link of its receipt is malformed, "
                    "ignored.",
                    order.get("name"),
                )
        result = super().sync_from_ui(orders)
        order_ids = [values["id"] for values in result.get("pos.order", ())]
        if order_ids:
            self.browse(order_ids)._review_sync_requests(tokens)
        return result

    def _review_sync_requests(self, tokens):
        """The rating requests of the orders of a sync, apart: whatever goes
        wrong with them is logged, and never costs the sale."""
        try:
            with self.env.cr.savepoint():
                self._review_create_requests(tokens)
        except Exception:
            _logger.exception(
                "POS orders %s: their rating requests could not be made.", self.ids
            )

    def _review_create_requests(self, tokens=None):
        """Ask the customers of these orders, those paid, for a rating of
        their point of sale's place (else the company's default place).

        An order whose receipt carries a rating link (``tokens``: order uuid
        -> raw token, accepted from a point of sale printing them) gets a
        receipt request with that link, anonymous customers included. The
        others, whose customer the core's rules allow to ask, get an email
        request due the company's POS delay after the order was paid.
        Return the requests created.
        """
        tokens = tokens or {}
        batches = defaultdict(list)
        # sudo: called by the sync as the cashier, who may not read the
        # places; the requests are the addon's bookkeeping (see
        # review.request._create_requests)
        for order in self.sudo()._review_eligible_orders():
            config = order.config_id
            place = config.review_place_id or order.company_id.review_default_place_id
            if not place:
                continue
            token = config.review_receipt_qr and tokens.get(order.uuid)
            if token:
                batches[place, "receipt"].append((order, order.date_order, token))
            elif order.partner_id:
                delay = timedelta(hours=place.company_id.review_request_pos_delay_hours)
                batches[place, "email"].append((order, order.date_order + delay, False))
        Request = self.env["review.request"]
        requests = Request.browse()
        for (place, channel), items in batches.items():
            orders, dates, links = zip(*items, strict=True)
            requests |= Request._create_requests(
                [order.partner_id.id for order in orders],
                place,
                self.sudo().browse().concat(*orders),
                channel,
                scheduled_date=list(dates),
                tokens=list(links) if channel == "receipt" else None,
            )
        return requests

    def _review_eligible_orders(self):
        """The orders whose customer may be asked for a rating: paid, and
        not refunds."""
        return self.filtered(
            lambda order: order.state in PAID_STATES
            and not order.lines.refunded_orderline_id
        )

    def _review_refunded_order_ids(self):
        """The ids of these orders refunded by a refund order paid since."""
        lines = (
            self.env["pos.order.line"]
            .sudo()
            .search_fetch(
                [
                    ("refunded_orderline_id.order_id", "in", self.ids),
                    ("order_id.state", "in", PAID_STATES),
                ],
                ["refunded_orderline_id"],
            )
        )
        return set(lines.refunded_orderline_id.order_id.ids)
