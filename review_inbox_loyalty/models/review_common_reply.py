from odoo import api, models


class ReviewCommonReply(models.Model):
    _inherit = "review.common.reply"

    @api.model
    def _placeholder_values(self, review):
        """{coupon_code}: the code of the review's newest gesture. Without a
        gesture yet it stays as typed: it is filled in when the reply is sent
        (review.message._prepare_reply_body)."""
        values = super()._placeholder_values(review)
        code = review._gesture_pending_code()
        if code:
            values["coupon_code"] = code
        return values
