from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

CALL_OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("voicemail", "Left a voicemail"),
    ("callback", "Call back later"),
]
FAILED_OUTCOMES = ("no_answer", "voicemail")


class ReviewCallWizard(models.TransientModel):
    _name = "review.call.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Call"

    # The customer's details are read with the user's rights, never as superuser
    # (the default of related fields).
    partner_id = fields.Many2one(
        related="review_id.partner_id", string="Customer", compute_sudo=False
    )
    phone = fields.Char(compute="_compute_phone", compute_sudo=False)
    outcome = fields.Selection(CALL_OUTCOMES, required=True, default="reached")
    callback_date = fields.Datetime(string="Call back on")
    note = fields.Text(help="What was said, what was promised.")
    put_on_hold = fields.Boolean(string="Put the customer on hold")
    hold_reason = fields.Char(
        default=lambda self: self.env._("Could not reach the customer by phone")
    )

    @api.depends("review_id")
    def _compute_phone(self):
        for wizard in self:
            wizard.phone = self._review_phone(wizard.review_id)

    @api.model
    def _review_phone(self, review):
        """The customer's phone, read with the user's rights (the review's
        ``partner_phone`` is a related field, computed as superuser)."""
        customer = review.partner_id
        return customer.phone or customer.mobile or False

    @api.model
    def default_get(self, fields_list):
        """Say it at once when there is nobody to call."""
        values = super().default_get(fields_list)
        review = self.env["review.message"].browse(values.get("review_id"))
        if review and not self._review_phone(review):
            raise UserError(_("This customer has no phone number."))
        return values

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.check_access("write")
        if not self.phone:
            raise UserError(_("This customer has no phone number."))
        if self.outcome == "callback" and not self.callback_date:
            raise UserError(_("Say when to call the customer back."))
        hold = self.outcome in FAILED_OUTCOMES and self.put_on_hold
        hold_reason = (self.hold_reason or "").strip()
        if hold and not hold_reason:
            raise UserError(_("Say why the customer is put on hold."))

        outcome = self._selection_label(self, "outcome")
        lines = [_("Call: %(outcome)s", outcome=outcome)]
        if self.outcome == "callback":
            lines.append(
                _(
                    "Call back on %(date)s",
                    date=self._format_datetime(self.callback_date),
                )
            )
        if (self.note or "").strip():
            lines.append(self._text_to_html(self.note))
        review._log_action(Markup("<br/>").join(lines))
        if self.outcome == "reached":
            review._set_first_response()

        if self.outcome == "callback":
            review.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=fields.Datetime.context_timestamp(
                    self, self.callback_date
                ).date(),
                summary=_("Call the customer back"),
                note=self._text_to_html(self.note),
                user_id=self.env.uid,
                automated=False,
            )
        if hold:
            review.action_hold(hold_reason)
        return {"type": "ir.actions.act_window_close"}
