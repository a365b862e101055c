from odoo import models


class ReviewRequest(models.Model):
    _inherit = "review.request"

    def _is_still_wanted(self):
        """A POS order cancelled or refunded since it was paid no longer
        deserves a rating."""
        wanted = super()._is_still_wanted()
        pos_requests = wanted.filtered(lambda request: request.res_model == "pos.order")
        if not pos_requests:
            return wanted
        # sudo: the job reads the orders of every company's requests
        orders = self.env["pos.order"].sudo().browse(pos_requests.mapped("res_id"))
        dropped = set(orders.filtered(lambda order: order.state == "cancel").ids)
        dropped |= orders._review_refunded_order_ids()
        return wanted - pos_requests.filtered(lambda r: r.res_id in dropped)

    def _review_values(self, rating, comment):
        values = super()._review_values(rating, comment)
        if self.res_model == "pos.order":
            values["pos_order_id"] = self.res_id
        return values
