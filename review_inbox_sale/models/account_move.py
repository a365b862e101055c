from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

# Context of Odoo's credit-note wizard run from a review's Refund: the
# review logs its credit notes itself, once they exist (see
# account.move.reversal's reverse_moves).
REFUNDING_KEY = "review_inbox_refunding"


class AccountMove(models.Model):
    _inherit = "account.move"

    review_id = fields.Many2one(
        "review.message",
        string="Review",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
        help="The review whose Refund made this credit note.",
    )

    @api.constrains("review_id", "move_type")
    def _check_review_id(self):
        """Only credit notes are tied to a review, by users who may act on
        it: Odoo checks the rules of the record written, not those of the
        records a write points to."""
        for move in self.filtered("review_id"):
            if move.move_type != "out_refund":
                raise ValidationError(
                    self.env._(
                        "Only a customer credit note is tied to a review "
                        "(%(move)s is not one).",
                        move=move.display_name,
                    )
                )
            move.review_id.check_access("write")

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        if not self.env.context.get(REFUNDING_KEY):
            for move in posted.filtered("review_id"):
                # _message_log checks no access: whoever posts the credit
                # note (an accountant who is no staff of the place) records
                # it on the review it was made for
                move.review_id._message_log(
                    body=self.env._(
                        "Credit note %(credit_note)s of %(amount)s posted.",
                        credit_note=move.name,
                        amount=move._review_amount_text(),
                    )
                )
        return posted

    def _review_amount_text(self):
        """The move's total in its currency, as a review shows it."""
        self.ensure_one()
        return formatLang(self.env, self.amount_total, currency_obj=self.currency_id)
