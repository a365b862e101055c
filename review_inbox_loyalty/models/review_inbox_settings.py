from odoo import fields, models

from odoo.addons.review_inbox.models.review_inbox_settings import company_setting


class ReviewInboxSettings(models.TransientModel):
    _inherit = "review.inbox.settings"

    review_gesture_currency_id = fields.Many2one(related="company_id.currency_id")
    review_gesture_max_amount = company_setting(
        fields.Monetary,
        string="Gestures by place staff: value at most",
        currency_field="review_gesture_currency_id",
    )
