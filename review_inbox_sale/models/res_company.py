from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A year: a request later than that would not be about this sale any more.
MAX_DELAY_HOURS = 8760


class ResCompany(models.Model):
    _inherit = "res.company"

    review_request_sale_delay_hours = fields.Integer(
        string="Rating requests: delay after a sale (hours)",
        default=24,
        help="Hours between a sale order's confirmation (or its delivery, for "
        "an order with deliveries) and its customer's rating request.",
    )

    @api.constrains("review_request_sale_delay_hours")
    def _check_review_request_sale_delay_hours(self):
        if any(
            not 0 <= company.review_request_sale_delay_hours <= MAX_DELAY_HOURS
            for company in self
        ):
            raise ValidationError(
                self.env._(
                    "The delay of a sale's rating request goes from 0 to "
                    "%(max)s hours.",
                    max=MAX_DELAY_HOURS,
                )
            )
