from odoo import api, fields, models


class ReviewInboxSettings(models.TransientModel):
    _inherit = "review.inbox.settings"

    review_gesture_currency_id = fields.Many2one(related="company_id.currency_id")
    review_gesture_max_amount = fields.Monetary(
        string="Gestures by place staff: value at most",
        currency_field="review_gesture_currency_id",
        compute="_compute_company_settings",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.model
    def _company_setting_names(self):
        return super()._company_setting_names() + ("review_gesture_max_amount",)
