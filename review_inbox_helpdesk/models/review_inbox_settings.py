from odoo import fields, models

from odoo.addons.review_inbox.models.review_inbox_settings import company_setting


class ReviewInboxSettings(models.TransientModel):
    _inherit = "review.inbox.settings"

    review_helpdesk_team_id = company_setting(
        fields.Many2one,
        "helpdesk.ticket.team",
        string="Helpdesk team",
        domain="[('company_id', 'in', [company_id, False])]",
    )
