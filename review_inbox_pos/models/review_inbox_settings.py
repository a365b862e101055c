from odoo import api, fields, models


class ReviewInboxSettings(models.TransientModel):
    _inherit = "review.inbox.settings"

    review_request_pos_delay_hours = fields.Integer(
        string="POS rating requests: delay (hours)",
        compute="_compute_company_settings",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.model
    def _company_setting_names(self):
        return super()._company_setting_names() + ("review_request_pos_delay_hours",)
