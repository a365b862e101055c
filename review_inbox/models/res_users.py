from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    review_stay_after_action = fields.Boolean(
        string="Stay on a review after acting on it",
        help="After Mark as Done, Mark as Spam, Delegate or Send reply on a "
        "review, stay on it instead of opening the next review of the list.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["review_stay_after_action"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["review_stay_after_action"]
