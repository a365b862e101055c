from odoo import models


class MailResendPartner(models.TransientModel):
    _inherit = "mail.resend.partner"

    def action_resend(self):
        """A reply's email carries its one-time link: resending it queues
        that very email again, not a generic copy of the chatter message
        without the link (which Odoo's resend would send)."""
        # sudo: the entries' links to their notifications, for the check
        # below; the resend itself needs write access on the review
        entries_sudo = (
            self.env["review.conversation.entry"]
            .sudo()
            .search([("notification_id", "in", self.notification_id.ids)])
        )
        replies = self.filtered(
            lambda recipient: recipient.notification_id in entries_sudo.notification_id
        )
        if not replies:
            return super().action_resend()
        entries_sudo.review_id.with_env(self.env).check_access("write")
        for entry_sudo in entries_sudo:
            entry_sudo._resend_reply()
        self.env["review.message"]._trigger_mail_queue()
        others = self - replies
        if others:
            super(MailResendPartner, others).action_resend()
        replies.resend_wizard_id.mail_message_id._notify_message_notification_update()
        if len(self) == 1:
            return self.action_open_record()
        return None
