from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    review_gesture_max_amount = fields.Monetary(
        string="Gestures by place staff: value at most",
        currency_field="currency_id",
        default=0.0,
        help="Place staff may offer a coupon or a gift card from a review up to "
        "this value; review managers whatever its value. 0: only review "
        "managers offer gestures.",
    )

    @api.constrains("review_gesture_max_amount")
    def _check_review_gesture_max_amount(self):
        if any(company.review_gesture_max_amount < 0 for company in self):
            raise ValidationError(
                _("The value of a gesture by place staff cannot be negative.")
            )
