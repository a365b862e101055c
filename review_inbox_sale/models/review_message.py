from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.review_inbox.tools import purchase_figures

# Context key of Odoo's credit-note wizard opened by a review's Refund: the
# review its credit notes are tied to (see account.move.reversal).
REFUND_REVIEW_KEY = "review_inbox_refund_review_id"
INVOICING_GROUP = "account.group_account_invoice"


class ReviewMessage(models.Model):
    _inherit = "review.message"

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The order this review rates: the customer answered its rating "
        "request.",
    )
    # The order in short, for whoever may read the review: place staff may
    # have no sales rights (see _compute_sale_order_summary).
    sale_order_name = fields.Char(string="Order", compute="_compute_sale_order_summary")
    sale_order_date = fields.Datetime(
        string="Order date", compute="_compute_sale_order_summary"
    )
    sale_order_currency_id = fields.Many2one(
        "res.currency", string="Order currency", compute="_compute_sale_order_summary"
    )
    sale_order_amount = fields.Monetary(
        string="Order amount",
        compute="_compute_sale_order_summary",
        currency_field="sale_order_currency_id",
    )
    sale_order_lines = fields.Text(
        string="Products", compute="_compute_sale_order_summary"
    )
    sale_order_can_open = fields.Boolean(
        string="Can open the order", compute="_compute_sale_order_summary"
    )
    refund_move_ids = fields.One2many(
        "account.move",
        "review_id",
        string="Credit notes",
        readonly=True,
        # staff without invoicing rights read the review, not its credit
        # notes (the form shows them a summary)
        groups="account.group_account_invoice",
        help="The credit notes made with this review's Refund.",
    )
    refund_invoice_count = fields.Integer(
        string="Invoices to refund",
        compute="_compute_refund_invoice_count",
        help="Posted invoices of the rated order not refunded in full, for a "
        "user with invoicing rights who may act on the review.",
    )
    # The credit notes in short, for staff without invoicing rights
    refund_summary = fields.Text(string="Refunds", compute="_compute_refund_summary")

    @api.model
    def _protected_fields(self):
        # set by the rating of the order's request, by its Refund
        return super()._protected_fields() | {"sale_order_id", "refund_move_ids"}

    @api.model
    def _customer_purchase_figures(self, partners, company):
        figures = super()._customer_purchase_figures(partners, company)
        # sudo: the customers of reviews the user may read (see the core's
        # _compute_customer_purchase_figures); place staff may have no sales
        # rights
        mine = purchase_figures.read_purchase_figures(
            self.env["sale.order"].sudo(), [("state", "=", "sale")], partners, company
        )
        return purchase_figures.merge_purchase_figures(figures, mine)

    @api.depends("sale_order_id")
    def _compute_sale_order_summary(self):
        readable = self._filtered_access("read")
        # the user's own rights decide whether the order opens
        openable = readable.sale_order_id._filtered_access("read")
        for review in self:
            # sudo: the order of a review the user may read (checked above)
            # is shown with it, to staff without sales rights too
            order = review.sale_order_id.sudo() if review in readable else None
            review.sale_order_name = order.name if order else False
            review.sale_order_date = order.date_order if order else False
            review.sale_order_currency_id = order.currency_id if order else False
            review.sale_order_amount = order.amount_total if order else 0.0
            review.sale_order_lines = order._review_summary_lines() if order else False
            review.sale_order_can_open = bool(order) and (
                review.sale_order_id in openable
            )

    @api.depends("sale_order_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_refund_invoice_count(self):
        self.refund_invoice_count = 0
        if not self.env.user.has_group(INVOICING_GROUP):
            return
        for review in self._filtered_access("write").filtered("sale_order_id"):
            invoices = review.sale_order_id._review_refundable_invoices()
            review.refund_invoice_count = len(invoices)

    @api.depends("refund_move_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_refund_summary(self):
        readable = self._filtered_access("read")
        states = dict(
            self.env["account.move"]._fields["state"]._description_selection(self.env)
        )
        for review in self:
            # sudo: the credit notes of a review the user may read (checked
            # above) are shown with it, to staff without invoicing rights too
            moves = (
                review.sudo().refund_move_ids
                if review in readable
                else self.env["account.move"]
            )
            review.refund_summary = (
                "\n".join(
                    f"{move._get_move_display_name()} · "
                    f"{move._review_amount_text()} · {states[move.state]}"
                    for move in moves.sorted("id")
                )
                or False
            )

    def _check_can_refund(self):
        """A refund is an action on the review (write) and a credit note
        (invoicing rights), whoever calls it: the button is only hidden."""
        self.check_access("write")
        if not self.env.user.has_group(INVOICING_GROUP):
            raise AccessError(
                self.env._(
                    "Only users with invoicing rights refund a customer: ask "
                    "your accountant to make the credit note."
                )
            )

    def action_refund(self):
        """Odoo's own credit-note wizard on the rated order's posted invoices
        left to refund; the credit notes it makes are tied to this review."""
        self.ensure_one()
        self._check_can_refund()
        order = self.sale_order_id
        if not order:
            raise UserError(
                self.env._("This review is tied to no sale order: nothing to refund.")
            )
        invoices = order._review_refundable_invoices()
        if not invoices:
            raise UserError(
                self.env._(
                    "Order %(order)s has no posted invoice left to refund: "
                    "refund it once it is invoiced (a draft invoice is "
                    "cancelled or edited instead).",
                    order=order.name,
                )
            )
        return {
            "name": self.env._("Refund"),
            "type": "ir.actions.act_window",
            "res_model": "account.move.reversal",
            "view_mode": "form",
            "views": [(self.env.ref("account.view_account_move_reversal").id, "form")],
            "target": "new",
            # what account.move's own Credit Note action gives the wizard
            "context": {
                "active_model": "account.move",
                "active_ids": invoices.ids,
                "active_id": invoices[0].id,
                REFUND_REVIEW_KEY: self.id,
            },
        }

    def _log_refunds(self, credit_notes):
        """Say on the review which credit notes its Refund made."""
        self.ensure_one()
        if not credit_notes:
            return
        lines = [
            self.env._(
                "Refund: credit note %(credit_note)s of %(amount)s for invoice "
                "%(invoice)s.",
                credit_note=move._get_html_link(title=move._get_move_display_name()),
                amount=move._review_amount_text(),
                invoice=move.reversed_entry_id.name,
            )
            for move in credit_notes.sorted("id")
        ]
        self._log_action(Markup("<br/>").join(lines))
