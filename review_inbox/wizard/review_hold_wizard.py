from odoo import fields, models


class ReviewHoldWizard(models.TransientModel):
    _name = "review.hold.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Put a customer on hold"

    reason = fields.Char(required=True, help="Why the customer is put on hold.")

    def action_confirm(self):
        self.ensure_one()
        self.review_id.check_access("write")
        self.review_id.action_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
