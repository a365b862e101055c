from odoo import fields, models
from odoo.exceptions import UserError

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

    def action_open_pos_order(self):
        """The rated order in the point of sale's backend, where Odoo's own
        *Refund* is made: for staff with point of sale rights."""
        self.ensure_one()
        self.check_access("read")
        order = self.pos_order_id
        if not order:
            raise UserError(self.env._("This review rates no point of sale order."))
        if not order.has_access("read"):
            raise UserError(
                self.env._(
                    "You are not allowed to open the point of sale order %(order)s.",
                    order=order.sudo().display_name,  # its name only, as the form
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "pos.order",
            "res_id": order.id,
            "views": [(False, "form")],
            "target": "current",
        }

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
