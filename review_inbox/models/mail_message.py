from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Posting on a review needs write access on it, follower or not.

        Odoo lets the followers of a document post on it whatever their
        rights; a read-only viewer who followed a review could then note on
        it and email its customer.
        """
        forbidden = super()._get_forbidden_access(operation)
        if operation != "create" or self.env.su:
            return forbidden
        on_reviews = (self - forbidden).filtered(
            lambda message: message.model == "review.message"
            and message.res_id
            and message.message_type != "user_notification"
        )
        if not on_reviews:
            return forbidden
        reviews = self.env["review.message"].browse(set(on_reviews.mapped("res_id")))
        writable = set(reviews._filtered_access("write").ids)
        return forbidden + on_reviews.filtered(
            lambda message: message.res_id not in writable
        )
