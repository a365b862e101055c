from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # written to the point of sale being configured, as point_of_sale's pos_*
    pos_review_place_id = fields.Many2one(
        related="pos_config_id.review_place_id", readonly=False
    )
    pos_review_receipt_qr = fields.Boolean(
        related="pos_config_id.review_receipt_qr", readonly=False
    )
