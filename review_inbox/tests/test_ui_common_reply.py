from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiCommonReply(ReviewInboxCase, HttpCase):
    def test_common_reply_tour(self):
        Reply = self.env["review.common.reply"].with_user(self.user_a)
        # the tour reads each sent reply on its review
        self.user_a.review_stay_after_action = True
        for n in range(9):
            Reply.create({"body": f"Saved reply {n}"})
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_common_reply_tour",
            login="place_a_user",
        )
        bodies = Reply.search([]).mapped("body")
        self.assertEqual(len(bodies), 9, "ten, then one deleted from the dialog")
        self.assertEqual(bodies[-1], "Saved reply 1, edited")
        self.assertNotIn("Saved reply 2", bodies)
        self.assertEqual(
            bodies[:2],
            [
                "We are sorry, {customer_name}.",
                "Thank you {customer_name}, " "see you soon at {place}!",
            ],
        )
        self.assertNotIn("Saved reply 0", bodies)
        staff_bodies = (self.review_a | self.alert_a).conversation_entry_ids.mapped(
            "body"
        )
        self.assertEqual(
            sorted(staff_bodies),
            sorted(
                [
                    "Thank you Carla Customer, see you soon at Place A!",
                    "Thank you Carla Customer, see you soon at Place A!",
                    "We are sorry, Carla Customer.",
                ]
            ),
        )
