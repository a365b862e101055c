from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "cancel":
            # an administrator cancelled it (Settings > Emails)
            self.env["review.conversation.entry"].sudo()._scrub_reply_mails(self)
        return res


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("notification_status") == "canceled":
            # given up from the chatter's red envelope (resend wizard)
            self.env["review.conversation.entry"].sudo()._scrub_reply_mails(
                self.mail_mail_id
            )
        return res
