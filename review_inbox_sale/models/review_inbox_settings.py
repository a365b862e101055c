from odoo import fields, models

from odoo.addons.review_inbox.models.review_inbox_settings import company_setting


class ReviewInboxSettings(models.TransientModel):
    _inherit = "review.inbox.settings"

    review_request_sale_delay_hours = company_setting(
        fields.Integer,
        string="Rating requests: delay after a sale (hours)",
    )
