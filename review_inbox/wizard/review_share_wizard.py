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

    def _get_recipients(self):
        """The partners and the typed addresses, each once, within the
        company's cap: one email goes to each of them."""
        addresses = self._get_addresses()
        partners = self.partner_ids
        no_email = partners.filtered(lambda partner: not partner.email_normalized)
        if no_email:
            raise UserError(
                _(
                    "These recipients have no valid email address: %(names)s.",
                    names=", ".join(no_email.mapped("display_name")),
                )
            )
        partner_emails = set(partners.mapped("email_normalized"))
        addresses = [address for address in addresses if address not in partner_emails]
        if not partners and not addresses:
            raise UserError(_("Choose at least one recipient."))
        cap = self.review_id.company_id.review_share_max_recipients
        count = len(partners) + len(addresses)
        if count > cap:
            raise UserError(
                _(
                    "A review can be shared with at most %(max)s recipients at a "
                    "time (%(count)s chosen). A manager sets this limit in "
                    "Review Inbox > Configuration > Settings.",
                    max=cap,
                    count=count,
                )
            )
        return partners, addresses

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.check_access("write")
        partners, addresses = self._get_recipients()

        # One email per recipient: nobody sees who else received the review.
        template = self.env.ref("review_inbox.mail_template_review_share")
        template = template.with_context(**self._review_mail_context(review, self.note))
        for partner in partners:
            template.send_mail(
                review.id,
                email_values={
                    "email_to": False,
                    "recipient_ids": [Command.set(partner.ids)],
                },
            )
        for address in addresses:
            template.send_mail(
                review.id, email_values={"email_to": address, "recipient_ids": []}
            )
        recipients = ", ".join(partners.mapped("display_name") + addresses)
        # For information only: the customer was not answered, so the review is
        # not marked as treated.
        review._log_note(
            self._log_body(
                _("Shared with %(recipients)s", recipients=recipients), self.note
            )
        )
        return {"type": "ir.actions.act_window_close"}
