from odoo.tests import tagged

from odoo.addons.point_of_sale.tests import test_frontend


@tagged("post_install", "-at_install")
class TestPosReceiptLinkTour(test_frontend.TestPointOfSaleHttpCommon):
    """A sale at the till prints the rating link on the receipt."""

    def test_receipt_link_tour(self):
        company = self.main_pos_config.company_id
        # point_of_sale's test user has no review rights: set up as superuser
        place = (
            self.env["review.place"]
            .sudo()
            .create({"name": "Tour Shop", "code": "POS-TOUR", "company_id": company.id})
        )
        self.main_pos_config.write(
            {"review_place_id": place.id, "review_receipt_qr": True}
        )
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("ReviewInboxPosReceiptLinkTour", login="pos_user")
        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        request = (
            self.env["review.request"]
            .sudo()
            .search([("res_model", "=", "pos.order"), ("res_id", "=", order.id)])
        )
        self.assertEqual(request.channel, "receipt")
        self.assertRegex(request.token_hash, "^[0-9a-f]{64}$")
        # the link the POS made and printed is the one the server knows
        self.assertEqual(request.state, "rated")
        self.assertRecordValues(
            request.review_id,
            [
                {
                    "pos_order_id": order.id,
                    "partner_id": False,
                    "place_id": place.id,
                    "rating": 4,
                    "body": "Rated from the receipt",
                }
            ],
        )
