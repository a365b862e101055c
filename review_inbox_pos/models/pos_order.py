import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from odoo.addons.review_inbox.models.review_token_mixin import hash_token, is_token
from odoo.addons.review_inbox.tools.jobs import commit_batch

_logger = logging.getLogger(__name__)

# The states of an order paid for (posted, invoiced since).
PAID_STATES = ("paid", "done", "invoiced")
# Pending orders made into requests at once by the job.
SCHEDULE_BATCH = 1000


class PosOrder(models.Model):
    _inherit = "pos.order"

    review_request_pending = fields.Boolean(
        string="Rating request pending",
        readonly=True,
        copy=False,
        help="Paid at the till, its rating request not made yet: the job "
        "makes it within minutes, or the receipt's link when it is opened.",
    )
    # Not restricted to a group: the cashier's sync writes it, and the
    # SHA-256 of 256 random bits gives nothing back. Cleared once the request
    # holds it.
    review_token_hash = fields.Char(
        string="Receipt rating link (hash)",
        readonly=True,
        copy=False,
    )

    def init(self):
        # the job's search and the receipt link's: the few orders pending
        create_index(
            self.env.cr,
            "pos_order_review_request_pending_idx",
            self._table,
            ["id"],
            where="review_request_pending",
        )
        create_index(
            self.env.cr,
            "pos_order_review_token_hash_pending_idx",
            self._table,
            ["review_token_hash"],
            where="review_request_pending AND review_token_hash IS NOT NULL",
        )

    # ------------------------------------------------------------------
    # The sync: the order only marks itself
    # ------------------------------------------------------------------

    @api.model
    def sync_from_ui(self, orders):
        """Mark the orders paid in this sync for a rating request, in their
        own values: the sync stores them with the order, in the same queries.
        The requests are made later (``_review_schedule_requests``), by the
        job or when the receipt's link is opened; none is emailed here.
        """
        for order in orders:
            if isinstance(order, dict):
                order.update(self._review_sync_values(order))
        return super().sync_from_ui(orders)

    @api.model
    def _review_sync_values(self, order):
        """The values that mark one order of a sync for its rating request.

        An order of a point of sale printing rating QR codes may come with
        ``review_token``: the one-time link of its receipt, made by the POS
        when the order was finalized (offline too). It is taken out of the
        order's values before anything stores or logs them: only its hash is
        kept. A draft, a cancelled order or a refund is not marked; nor an
        order without a customer or a link, which nobody can be asked about.
        """
        token = order.pop("review_token", None)
        if token and not is_token(token):
            _logger.warning(
                "POS order %s: the rating link of its receipt is malformed, ignored.",
                order.get("name"),
            )
            token = None
        lines = order.get("lines") or ()
        refund = any(
            isinstance(line, list | tuple)
            and len(line) > 2
            and isinstance(line[2], dict)
            and line[2].get("refunded_orderline_id")
            for line in lines
        )
        if (
            order.get("state") in ("draft", "cancel")
            or refund
            or not (token or order.get("partner_id"))
        ):
            return {}
        values = {"review_request_pending": True}
        if token:
            values["review_token_hash"] = hash_token(token)
        return values

    # ------------------------------------------------------------------
    # The requests of the pending orders
    # ------------------------------------------------------------------

    @api.model
    def _cron_review_schedule_requests(self):
        return self._review_schedule_requests(job=True)

    @api.model
    def _review_schedule_requests(self, batch=SCHEDULE_BATCH, job=False):
        """Make the rating requests of the orders pending, in batches, and
        clear their mark. Return the requests made.

        A batch's requests are made together (one ``_create_requests`` call
        per place and channel), in one savepoint; should it fail, each order
        alone in its own: one that fails is logged and skipped (its mark is
        cleared: never tried again run after run), and never stops the
        others. Run by a ``job`` (this bridge's, or the core's send job
        through ``review.request._prepare_due_requests``), progress is
        committed and reported between batches.
        """
        # sudo: a job over every company's orders; the requests are the
        # addon's bookkeeping (see review.request._create_requests)
        Order = self.sudo()
        domain = [("review_request_pending", "=", True)]
        Request = self.env["review.request"].sudo()
        made = Request.browse()
        done = 0
        while True:
            # a batch holds the orders of a few points of sale: few calls
            orders = Order.search(domain, order="config_id, id", limit=batch)
            if not orders:
                break
            made |= orders._review_schedule_batch()
            done += len(orders)
            if job:
                commit_batch(self.env)
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=Order.search_count(domain)
                )
        return made

    def _review_schedule_batch(self):
        """The requests of these pending orders, apart: whatever goes wrong
        with one of them is logged, and never costs the others. Their mark
        is cleared."""
        Request = self.env["review.request"]
        try:
            with self.env.cr.savepoint():
                made = self._review_create_requests()
        except psycopg2.errors.ReadOnlySqlTransaction:
            raise
        except Exception:
            # one of them fails: each alone, to make all the others
            made = Request.browse()
            for order in self:
                try:
                    with self.env.cr.savepoint():
                        made |= order._review_create_requests()
                except psycopg2.errors.ReadOnlySqlTransaction:
                    raise
                except Exception:
                    _logger.exception(
                        "POS order %s: its rating request could not be made, "
                        "skipped.",
                        order.id,
                    )
        self._review_clear_pending()
        return made

    def _review_clear_pending(self):
        # the mark is bookkeeping, not a change of the order: no write(),
        # whose overrides and tracking are the order's
        self.env.cr.execute(
            SQL(
                """
                UPDATE pos_order
                   SET review_request_pending = false, review_token_hash = NULL
                 WHERE id IN %s
                """,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["review_request_pending", "review_token_hash"])

    def _review_create_requests(self):
        """Ask the customers of these orders, those paid, for a rating of
        their point of sale's place (else the company's default place).

        An order whose receipt carries a rating link (``review_token_hash``,
        accepted from a point of sale printing them) gets a receipt request
        with that link, anonymous customers included. The others, whose
        customer the core's rules allow to ask, get an email request due the
        company's POS delay after the order was paid.
        Return the requests created.
        """
        batches = defaultdict(list)
        # sudo: run for the job, or for the customer's receipt link; the
        # requests are the addon's bookkeeping (see
        # review.request._create_requests)
        for order in self.sudo()._review_eligible_orders():
            config = order.config_id
            place = config.review_place_id or order.company_id.review_default_place_id
            if not place:
                continue
            digest = config.review_receipt_qr and order.review_token_hash
            if digest:
                batches[place, "receipt"].append((order, order.date_order, digest))
            elif order.partner_id:
                delay = timedelta(hours=place.company_id.review_request_pos_delay_hours)
                batches[place, "email"].append((order, order.date_order + delay, False))
        Request = self.env["review.request"]
        requests = Request.browse()
        for (place, channel), items in batches.items():
            orders, dates, digests = zip(*items, strict=True)
            requests |= Request._create_requests(
                [order.partner_id.id for order in orders],
                place,
                self.sudo().browse().concat(*orders),
                channel,
                scheduled_date=list(dates),
                token_hashes=list(digests) if channel == "receipt" else None,
            )
        return requests

    def _review_eligible_orders(self):
        """The orders whose customer may be asked for a rating: paid, and
        not refunds."""
        return self.filtered(
            lambda order: order.state in PAID_STATES
            and not order.lines.refunded_orderline_id
        )

    @api.model
    def _review_schedule_receipt_link(self, token):
        """Make at once the request of the pending order whose receipt
        carries ``token``, so that the link works right after the sale,
        before any job ran. Return whether an order was pending with it.
        """
        # sudo: the receipt's link is the customer's credential; only its
        # hash finds the order the receipt was printed for
        orders = self.sudo().search(
            [
                ("review_request_pending", "=", True),
                ("review_token_hash", "=", hash_token(token)),
            ],
            order="id",
        )
        if not orders:
            return False
        if self.env.cr.readonly:
            # the rating page is first served on a read-only cursor: Odoo
            # serves it again on a read/write one on this error
            raise psycopg2.errors.ReadOnlySqlTransaction(
                "a POS order's rating request is to be made"
            )
        orders._review_schedule_batch()
        return True

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
