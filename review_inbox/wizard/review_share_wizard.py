import re

from odoo import Command, _, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

EMAIL_SEPARATORS = re.compile(r"[,;\s]+")


class ReviewShareWizard(models.TransientModel):
    _name = "review.share.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Share a review"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        help="Colleagues or contacts who receive the review by email.",
    )
    emails = fields.Char(
        string="Other addresses",
        help="Email addresses separated by commas, semicolons or spaces.",
    )
    note = fields.Text(help="Sent with the review.")

    def _get_addresses(self):
        addresses = []
        for token in EMAIL_SEPARATORS.split(self.emails or ""):
            if not token:
                continue
            address = email_normalize(token)
            if not address:
                raise UserError(
                    _("%(email)s is not a valid email address.", email=token)
                )
            if address not in addresses:
                addresses.append(address)
        return addresses

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.check_access("write")
        addresses = self._get_addresses()
        partners = self.partner_ids
        if not partners and not addresses:
            raise UserError(_("Choose at least one recipient."))
        no_email = partners.filtered(lambda partner: not partner.email_normalized)
        if no_email:
            raise UserError(
                _(
                    "These recipients have no valid email address: %(names)s.",
                    names=", ".join(no_email.mapped("display_name")),
                )
            )

        template = self.env.ref("review_inbox.mail_template_review_share")
        template.with_context(**self._review_mail_context(review, self.note)).send_mail(
            review.id,
            email_values={
                "email_to": ",".join(addresses) or False,
                "recipient_ids": [Command.link(partner.id) for partner in partners],
            },
        )
        recipients = ", ".join(partners.mapped("display_name") + addresses)
        review._log_action(
            self._log_body(
                _("Shared with %(recipients)s", recipients=recipients), self.note
            )
        )
        return {"type": "ir.actions.act_window_close"}
