from odoo import fields, models


class ReviewReplyWizard(models.TransientModel):
    """The reply composer: the message, then Send reply."""

    _name = "review.reply.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Reply to the customer"

    # read with the user's rights, never as superuser (see review.wizard.mixin)
    partner_id = fields.Many2one(
        related="review_id.partner_id", string="To", compute_sudo=False
    )
    partner_email = fields.Char(
        related="review_id.partner_id.email", string="Email", compute_sudo=False
    )
    body = fields.Text(string="Reply")

    def action_send(self):
        self.ensure_one()
        self.review_id.send_reply(self.body)
        return {"type": "ir.actions.act_window_close"}
