from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    review_request_pos_delay_hours = fields.Integer(
        string="POS rating requests: delay (hours)",
        default=2,
        help="Hours after a point of sale order is paid before its customer is "
        "asked for a rating by email.",
    )

    @api.constrains("review_request_pos_delay_hours")
    def _check_review_request_pos_delay_hours(self):
        if any(
            not 0 <= company.review_request_pos_delay_hours <= 720 for company in self
        ):
            raise ValidationError(
                self.env._("The delay of POS rating requests goes from 0 to 720 hours.")
            )
