from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_move import REFUNDING_KEY
from ..models.review_message import REFUND_REVIEW_KEY


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    review_id = fields.Many2one(
        "review.message",
        string="Review",
        readonly=True,
        ondelete="cascade",
        help="The review whose Refund opened this wizard: its credit notes "
        "are tied to it.",
    )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        # a key of our own, not default_review_id: a default_ key would reach
        # every record the wizard creates (the credit notes' review_id too)
        review_id = self.env.context.get(REFUND_REVIEW_KEY)
        if review_id and "review_id" in fields:
            values["review_id"] = review_id
        return values

    @api.constrains("review_id", "move_ids")
    def _check_review_refund(self):
        """A review's Refund refunds the invoices of its order left to
        refund, for a user who may refund it: whatever active_ids says."""
        for wizard in self.filtered("review_id"):
            review = wizard.review_id
            review._check_can_refund()
            invoices = review.sale_order_id._review_refundable_invoices()
            if not wizard.move_ids or wizard.move_ids - invoices:
                raise UserError(
                    self.env._(
                        "A review's Refund only refunds the posted invoices of "
                        "its order left to refund: %(invoices)s.",
                        invoices=", ".join(invoices.mapped("name"))
                        or self.env._("none"),
                    )
                )

    def _prepare_default_reversal(self, move):
        values = super()._prepare_default_reversal(move)
        if self.review_id:
            values["review_id"] = self.review_id.id
        return values

    def reverse_moves(self, is_modify=False):
        review = self.review_id
        if not review:
            return super().reverse_moves(is_modify=is_modify)
        self._check_review_refund()  # the invoices may have changed meanwhile
        before = review.refund_move_ids
        action = super(
            AccountMoveReversal, self.with_context(**{REFUNDING_KEY: True})
        ).reverse_moves(is_modify=is_modify)
        review.invalidate_recordset(["refund_move_ids"])
        review._log_refunds(review.refund_move_ids - before)
        return action
