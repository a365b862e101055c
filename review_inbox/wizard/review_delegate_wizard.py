from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

HISTORY_LIMIT = 10
HISTORY_BODY_LENGTH = 200


class ReviewDelegateWizard(models.TransientModel):
    _name = "review.delegate.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Delegate to customer service"

    email = fields.Char(
        string="Customer service email",
        compute="_compute_email",
        compute_sudo=False,  # another company's address is not the user's to read
        store=True,
        readonly=False,
        precompute=True,
        help="Set by default in Review Inbox > Configuration > Settings.",
    )
    note = fields.Text(help="Sent to customer service with the review.")

    @api.depends("review_id")
    def _compute_email(self):
        for wizard in self:
            company = wizard.review_id.company_id
            wizard.email = company.review_customer_service_email

    def _get_email(self):
        email = (self.email or "").strip()
        if not email:
            raise UserError(
                _(
                    "No customer service email address is set. Type one, or ask a "
                    "manager to set it in Review Inbox > Configuration > Settings."
                )
            )
        normalized = email_normalize(email)
        if not normalized:
            raise UserError(_("%(email)s is not a valid email address.", email=email))
        return normalized

    def _customer_history(self, review):
        """The customer's other reviews, newest first.

        Searched with the sender's rights: the mail is kept in the review's
        chatter, where every staff member of the place can read it.
        """
        if not review.partner_id:
            return []
        reviews = self.env["review.message"].search(
            [
                ("partner_id", "=", review.partner_id.id),
                ("company_id", "=", review.company_id.id),
                ("id", "!=", review.id),
            ],
            order="review_date desc, id desc",
            limit=HISTORY_LIMIT,
        )
        history = []
        for past in reviews:
            body = (past.body or "").strip()
            if len(body) > HISTORY_BODY_LENGTH:
                body = body[:HISTORY_BODY_LENGTH].rstrip() + "…"
            history.append(
                {
                    "date": self._format_datetime(past.review_date),
                    "place": past.place_id.display_name,
                    "rating": past.rating,
                    "body": body,
                    "state": self._selection_label(past, "state"),
                }
            )
        return history

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.check_access("write")
        email = self._get_email()

        template = self.env.ref("review_inbox.mail_template_review_delegate")
        context = self._review_mail_context(review, self.note)
        context["review_history"] = self._customer_history(review)
        template.with_context(**context).send_mail(
            review.id, email_values={"email_to": email, "recipient_ids": []}
        )
        review._log_action(
            self._log_body(
                _("Delegated to customer service (%(email)s)", email=email), self.note
            ),
            {"is_delegated": True, "delegated_to": email, "state": "done"},
        )
        review._set_first_response()
        return {"type": "ir.actions.act_window_close"}
