from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHelpdeskRatingDemo(TransactionCase):
    """The demo: the Online Shop's lost parcel handed to the helpdesk, its
    ticket closed and rated by the customer."""

    def test_demo_data(self):
        if not self.env["ir.module.module"].search(
            [("name", "=", "review_inbox_helpdesk_rating"), ("demo", "=", True)]
        ):
            self.skipTest("installed without demo data")
        ref = self.env.ref
        origin = ref("review_inbox.review_message_web01_2")
        ticket = origin.ticket_id
        self.assertEqual(
            ticket.team_id, ref("review_inbox_helpdesk.helpdesk_team_online_support")
        )
        self.assertEqual(
            ticket.stage_id, ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        )
        self.assertEqual(origin.state, "done")
        review = self.env["review.message"].search(
            [("origin_review_id", "=", origin.id)]
        )
        self.assertRecordValues(
            review,
            [
                {
                    "source": "rating",
                    "rating": 5,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                    # the team is three places': the review's place
                    "place_id": origin.place_id.id,
                    "partner_id": origin.partner_id.id,
                    "state": "inbox",
                }
            ],
        )
        self.assertTrue(
            origin.message_ids.filtered(
                lambda message: "made from this review" in message.body
            )
        )
