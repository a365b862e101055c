from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSaleLoyaltyDemo(TransactionCase):
    """The demo's customer won back: an alert tied to a sale order, the
    coupon offered in the reply, the customer's answer, the coupon used on a
    later order."""

    def test_recovered_customer(self):
        if not self.env["ir.module.module"].search(
            [("name", "=", "review_inbox_sale_loyalty"), ("demo", "=", True)]
        ):
            self.skipTest("installed without demo data")
        ref = self.env.ref
        order = ref("review_inbox_sale_loyalty.sale_order_elodie")
        later = ref("review_inbox_sale_loyalty.sale_order_elodie_next")
        customer = ref("review_inbox_sale_loyalty.res_partner_elodie_marchand")
        review = self.env["review.message"].search([("sale_order_id", "=", order.id)])
        self.assertRecordValues(
            review,
            [
                {
                    "partner_id": customer.id,
                    "place_id": ref("review_inbox.review_place_par01").id,
                    "rating": 1,
                    "is_alert": True,
                    "conversation_state": "unread",
                }
            ],
        )
        card = review.gesture_card_ids
        self.assertEqual(len(card), 1)
        self.assertEqual(
            card.program_id, ref("review_inbox_loyalty.loyalty_program_goodwill")
        )
        self.assertEqual(card.partner_id, order.partner_id)
        self.assertEqual(card.create_uid, ref("review_inbox.user_place_paris"))
        note = review.message_ids.filtered(
            lambda message: "Goodwill gesture offered" in (message.body or "")
        )
        self.assertIn(card.code, note.body)
        self.assertIn(f"Rated order: {order.name}", note.body)

        reply, answer = review.conversation_entry_ids.sorted("id")
        self.assertEqual(reply.author_type, "staff")
        self.assertIn(card.code, reply.body)
        self.assertIn(card.code, reply.notification_id.mail_mail_id.body_html)
        self.assertEqual(answer.author_type, "customer")
        self.assertEqual(answer.author_id, customer)

        self.assertEqual(later.state, "sale")
        discount = later.order_line.filtered("reward_id")
        self.assertEqual(discount.coupon_id, card)
        self.assertEqual(discount.reward_id.program_id, card.program_id)
        self.assertEqual(card.review_redeemed_order, later.display_name)
        self.assertTrue(card.review_redeemed_date)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "loyalty.card"), ("res_id", "=", card.id)]
            ),
            "no email of the program",
        )
