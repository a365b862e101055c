from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _review_orders_asked_on_confirmation(self):
        # the orders to deliver are asked once delivered (stock.picking)
        return (
            super()
            ._review_orders_asked_on_confirmation()
            .filtered(lambda order: not order._review_deliveries())
        )

    def _review_deliveries(self):
        """The order's deliveries to its customer (not the picking and
        packing steps before, nor the returns)."""
        return self.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        )
