from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._review_schedule_sale_requests()
        return result

    def _review_schedule_sale_requests(self):
        """Once the last delivery of a confirmed order is done (the others
        done or cancelled), its customer is asked for a rating: the
        company's delay after that delivery was done."""
        # sudo: whoever validates the delivery (a stock user without Review
        # Inbox rights), the requests are the addon's bookkeeping
        done = self.sudo().filtered(
            lambda picking: picking.state == "done"
            and picking.picking_type_code == "outgoing"
            and picking.sale_id
        )
        delivered = {}
        for order in done.sale_id.filtered(lambda order: order.state == "sale"):
            deliveries = order._review_deliveries()
            if all(picking.state in ("done", "cancel") for picking in deliveries):
                delivered[order.id] = max(
                    deliveries.filtered(lambda p: p.state == "done").mapped("date_done")
                )
        if delivered:
            done.sale_id.browse(list(delivered))._review_schedule_requests(delivered)
