from odoo.tests import HttpCase, tagged

from .test_refund import RefundCase


@tagged("post_install", "-at_install")
class TestUiRefund(RefundCase, HttpCase):
    def test_refund_tour(self):
        self.start_tour(
            f"/odoo/action-review_inbox.review_message_action_all/{self.review.id}",
            "review_inbox_sale_refund_tour",
            login="invoicer_a",
        )
        credit_note = self.invoice.reversal_move_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.review_id, self.review)
        self.assertIn("Workshop cancelled", credit_note.ref)
