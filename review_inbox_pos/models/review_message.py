from odoo import fields, models


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
