from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    review_alert_threshold = fields.Integer(
        related="company_id.review_alert_threshold", readonly=False
    )
    review_customer_service_email = fields.Char(
        related="company_id.review_customer_service_email", readonly=False
    )
    review_reply_link_validity = fields.Integer(
        related="company_id.review_reply_link_validity", readonly=False
    )
    review_form_rate_limit = fields.Integer(
        related="company_id.review_form_rate_limit", readonly=False
    )
    review_share_max_recipients = fields.Integer(
        related="company_id.review_share_max_recipients", readonly=False
    )
    review_staff_full_name = fields.Boolean(
        related="company_id.review_staff_full_name", readonly=False
    )
    review_default_place_id = fields.Many2one(
        related="company_id.review_default_place_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    review_alias_name = fields.Char(
        related="company_id.review_alias_name", readonly=False
    )
    review_alias_domain = fields.Char(related="company_id.alias_domain_name")
