from odoo import api, fields, models


class ReviewInboxSettings(models.TransientModel):
    _inherit = "review.inbox.settings"

    review_helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk team",
        compute="_compute_company_settings",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        domain="[('company_id', 'in', [company_id, False])]",
    )

    @api.model
    def _company_setting_names(self):
        return super()._company_setting_names() + ("review_helpdesk_team_id",)
