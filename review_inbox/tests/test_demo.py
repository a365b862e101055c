from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    """The demo shows every figure of the reviews analysis, the response
    times included."""

    def test_demo_response_figures(self):
        if not self.env["ir.module.module"].search(
            [("name", "=", "review_inbox"), ("demo", "=", True)]
        ):
            self.skipTest("installed without demo data")
        # the core's demo reviews (a bridge's demo may handle some of them)
        demo_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "review_inbox"), ("model", "=", "review.message")])
            .mapped("res_id")
        )
        treated = self.env["review.message"].search(
            [
                ("id", "in", demo_ids),
                ("is_treated", "=", True),
                ("state", "!=", "spam"),
                ("first_response_date", "!=", False),
            ]
        )
        self.assertGreaterEqual(len(treated), 20)
        self.assertTrue(
            all(hours > 0 for hours in treated.mapped("first_response_hours"))
        )
        self.assertEqual(set(treated.mapped("sla_status")) - {"met", "missed"}, set())
        [row] = self.env["review.report"]._read_group(
            [("place_id", "in", treated.place_id.ids)],
            aggregates=["response_rate:avg", "response_hours_avg:avg"],
        )
        self.assertGreater(row[0], 0)
        self.assertGreater(row[1], 0)
