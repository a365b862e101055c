from odoo import api, fields, models

from odoo.addons.review_inbox.tools import purchase_figures


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

    @api.model
    def _protected_fields(self):
        # set by the rating of the order's request only
        return super()._protected_fields() | {"sale_order_id"}

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
