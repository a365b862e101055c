from odoo import fields, models

from odoo.addons.review_inbox.tools import purchase_figures


class ReviewMessage(models.Model):
    _inherit = "review.message"

    pos_order_id = fields.Many2one(
        "pos.order",
        string="POS order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
        help="The point of sale order this review rates, through its rating "
        "request.",
    )

    def _protected_fields(self):
        return super()._protected_fields() | {"pos_order_id"}

    def _customer_purchase_figures(self, partners, company):
        figures = super()._customer_purchase_figures(partners, company)
        # sudo: the customers of reviews the user may read (see the core's
        # _compute_customer_purchase_figures); place staff may have no point
        # of sale rights
        mine = purchase_figures.read_purchase_figures(
            self.env["pos.order"].sudo(),
            [("state", "in", ("paid", "done", "invoiced"))],
            partners,
            company,
            # a POS order's currency is its point of sale's (not stored): the
            # company's, unless the POS journal is in another currency
            currency_field=None,
        )
        return purchase_figures.merge_purchase_figures(figures, mine)
