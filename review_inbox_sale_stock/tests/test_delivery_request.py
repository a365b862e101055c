from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.review_inbox.tests.common import recorded_request_batches
from odoo.addons.review_inbox_sale.tests.common import ReviewSaleCase

CONFIRMED = datetime(2025, 5, 4, 10, 0, 0)
DELIVERED = datetime(2025, 5, 6, 15, 30, 0)


@tagged("post_install", "-at_install")
class TestDeliveryRequest(ReviewSaleCase):
    """An order with deliveries is rated once delivered, not confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.goods = cls.env["product.product"].create(
                {
                    "name": "Granola jar",
                    "type": "consu",
                    "list_price": 9.5,
                    "taxes_id": [Command.clear()],
                }
            )
            cls.warehouse = cls.env["stock.warehouse"].search(
                [("company_id", "=", cls.company.id)], limit=1
            )
            cls.stock_user = new_test_user(
                cls.env,
                login="review_stock_user",
                groups="stock.group_stock_user",
                company_id=cls.company.id,
                company_ids=cls.company.ids,
            )

    def _confirmed(self, partner=None, qty=2, team=None, lines=None):
        with freeze_time(CONFIRMED):
            order = self._order(
                partner,
                team=team,
                lines=lines or [(self.goods, qty, 9.5)],
                warehouse_id=self.warehouse.id,
            )
            order.action_confirm()
        return order

    def _deliver(self, pickings, qty=None, backorder=True, user=None, when=DELIVERED):
        """Validate ``pickings`` at ``when``, ``qty`` of each move (all by
        default), with or without a backorder for the rest."""
        pickings = pickings.with_user(user) if user else pickings
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty if qty is None else qty
            move.picked = True
        with freeze_time(when):
            pickings.with_context(cancel_backorder=not backorder)._action_done()

    def test_not_asked_on_confirmation(self):
        order = self._confirmed()
        self.assertTrue(order._review_deliveries())
        self.assertFalse(self._requests(order))

    def test_asked_once_delivered(self):
        self.company.review_request_sale_delay_hours = 3
        order = self._confirmed()
        self._deliver(order.picking_ids)
        self.assertEqual(order.picking_ids.state, "done")
        self.assertRecordValues(
            self._requests(order),
            [
                {
                    "partner_id": self.customer.id,
                    "place_id": self.place_a.id,
                    "state": "scheduled",
                    "scheduled_date": DELIVERED + timedelta(hours=3),
                    "document_date": CONFIRMED,
                }
            ],
        )

    def test_stock_user_without_review_rights_delivers(self):
        order = self._confirmed()
        self._deliver(order.picking_ids, user=self.stock_user)
        self.assertEqual(self._requests(order).place_id, self.place_a)

    def test_asked_after_the_last_delivery(self):
        order = self._confirmed(qty=5)
        self._deliver(order.picking_ids, qty=2, backorder=True)
        backorder = order._review_deliveries().filtered(
            lambda picking: picking.state != "done"
        )
        self.assertTrue(backorder, "the rest is still to deliver")
        self.assertFalse(self._requests(order))
        self._deliver(backorder, when=DELIVERED + timedelta(days=1))
        self.assertEqual(
            self._requests(order).scheduled_date,
            DELIVERED + timedelta(days=1, hours=24),
            "from the last delivery",
        )

    def test_rest_cancelled_counts_as_delivered(self):
        order = self._confirmed(qty=5)
        self._deliver(order.picking_ids, qty=2, backorder=False)
        self.assertEqual(len(self._requests(order)), 1)

    def test_services_only_asked_on_confirmation(self):
        with freeze_time(CONFIRMED):
            order = self._order(lines=[(self.service, 1, 65.0)])
            order.action_confirm()
        self.assertFalse(order.picking_ids)
        self.assertEqual(
            self._requests(order).scheduled_date, CONFIRMED + timedelta(hours=24)
        )

    def test_mixed_order_waits_for_its_delivery(self):
        order = self._confirmed(lines=[(self.service, 1, 65.0), (self.goods, 1, 9.5)])
        self.assertFalse(self._requests(order))
        self._deliver(order.picking_ids)
        self.assertEqual(len(self._requests(order)), 1)

    def test_cancelled_order_not_asked(self):
        order = self._confirmed()
        picking = order.picking_ids
        order._action_cancel()
        self.assertEqual(picking.state, "cancel")
        self.assertFalse(self._requests(order))

    def test_never_twice(self):
        order = self._confirmed()
        self._deliver(order.picking_ids)
        request = self._requests(order)
        # a second delivery of the same order (an extra move, a re-delivery)
        extra = order.picking_ids.copy()
        extra.action_confirm()
        self._deliver(extra)
        self.assertEqual(self._requests(order), request)

    def test_batch_one_call_per_place(self):
        orders = (
            self._confirmed()
            | self._confirmed(self.bob)
            | self._confirmed(self.dora, team=self.team_b)
        )
        with recorded_request_batches(self.env) as create_requests:
            self._deliver(orders.picking_ids)
        self.assertEqual(create_requests.call_count, 2, "one call per place")
        self.assertEqual(len(self._requests(orders)), 3)
