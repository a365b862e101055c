from markupsafe import Markup

from odoo import models


class ReviewGestureWizard(models.TransientModel):
    _inherit = "review.gesture.wizard"

    def _log_message(self, card, value):
        """The chatter line of a gesture on a review of a sale order names
        the order it answers: the review's history says what was won back,
        as the gestures' list says on which order the coupon was used."""
        message = super()._log_message(card, value)
        # the order's summary, read for whoever may read the review (place
        # staff may have no sales rights)
        order_name = self.review_id.sale_order_name
        if not order_name:
            return message
        return Markup("<br/>").join(
            [message, self.env._("Rated order: %(order)s", order=order_name)]
        )
