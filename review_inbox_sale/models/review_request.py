from odoo import models


class ReviewRequest(models.Model):
    _inherit = "review.request"

    def _is_still_wanted(self):
        """An order cancelled or refunded in full meanwhile is not rated."""
        wanted = super()._is_still_wanted()
        order_requests = wanted.filtered(
            lambda request: request.res_model == "sale.order"
        )
        if order_requests:
            # sudo: the job's check, over every company's orders
            orders = (
                self.env["sale.order"].sudo().browse(order_requests.mapped("res_id"))
            )
            gone = set(orders._review_no_longer_rated().ids)
            wanted -= order_requests.filtered(lambda request: request.res_id in gone)
        return wanted

    def _get_rated_document_label(self):
        if self.res_model == "sale.order":
            self.ensure_one()
            return self.env._("Order %(reference)s", reference=self.document_name)
        return super()._get_rated_document_label()

    def _review_values(self, rating, comment):
        values = super()._review_values(rating, comment)
        if self.res_model == "sale.order":
            values["sale_order_id"] = self.res_id
        return values
