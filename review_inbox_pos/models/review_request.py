from odoo import api, models

from odoo.addons.review_inbox.models.review_token_mixin import is_token


class ReviewRequest(models.Model):
    _inherit = "review.request"

    @api.model
    def _prepare_due_requests(self):
        """The requests of the orders paid at the till since the last run,
        made first, so that the due ones go out in this run."""
        made = super()._prepare_due_requests()
        return made | self.env["pos.order"]._review_schedule_requests(job=True)

    @api.model
    def _from_token(self, token):
        """A receipt's link opened before the job made its request: the
        request is made now, from the order the link was printed for."""
        request = super()._from_token(token)
        if (
            not request
            and is_token(token)
            and self.env["pos.order"]._review_schedule_receipt_link(token)
        ):
            request = super()._from_token(token)
        return request

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
