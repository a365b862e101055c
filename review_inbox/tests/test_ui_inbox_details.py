from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase

INBOX = "/odoo/action-review_inbox.review_message_action_inbox"


@tagged("post_install", "-at_install")
class TestUiInboxDetails(ReviewInboxCase, HttpCase):
    """What the cards, rows and form show says only what is true: no
    status every card has, no stars nor customer information that does not
    exist, no Pending Action on a review already handled, no empty inbox
    when the search found nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls.company.review_properties_definition = [
                {"name": "age", "string": "Age", "type": "integer"},
                {
                    "name": "purchase_amount",
                    "string": "Purchase amount",
                    "type": "float",
                },
            ]
            Review = cls.env["review.message"]
            (cls.review_a | cls.alert_a).write({"source": "web"})
            # taken by hand at the counter: no customer, no rating
            cls.anonymous_a = Review.create(
                {
                    "place_id": cls.place_a.id,
                    "body": "Note left at the counter",
                    "source": "manual",
                }
            )
            # handled: its customer's last answer was read, then Done
            cls.done_a = Review.create(
                {
                    "place_id": cls.place_a.id,
                    "partner_id": cls.customer.id,
                    "rating": 5,
                    "body": "Perfect evening at A",
                    "source": "web",
                    "state": "done",
                    "conversation_state": "pending",
                    "conversation_date": fields.Datetime.now(),
                }
            )
            # five stars and the widest badge, with its date
            cls.five_a = Review.create(
                {
                    "place_id": cls.place_a.id,
                    "partner_id": cls.customer.id,
                    "rating": 5,
                    "body": "Dinner worth five stars",
                    "source": "web",
                    "conversation_state": "unread",
                    "conversation_date": "2025-12-24 21:45:00",
                }
            )

    def test_inbox_details_tour(self):
        self.start_tour(INBOX, "review_inbox_inbox_details_tour", login="place_a_user")

    def test_anonymous_review_form_tour(self):
        self.start_tour(
            f"{INBOX}/{self.anonymous_a.id}",
            "review_inbox_anonymous_review_tour",
            login="place_a_user",
        )

    def test_empty_inbox_tour(self):
        """Nothing in the Inbox at all: the action's own help."""
        self.review_b.action_done()
        self.start_tour(INBOX, "review_inbox_empty_inbox_tour", login="place_b_user")

    def test_ratings_list_widths_tour(self):
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_ratings",
            "review_inbox_ratings_widths_tour",
            login="place_a_user",
        )

    def test_manager_enters_a_review_tour(self):
        self.start_tour(
            INBOX, "review_inbox_manual_entry_tour", login="review_manager_t"
        )
        review = self.env["review.message"].search(
            [("body", "=", "Called about the terrace")]
        )
        self.assertRecordValues(
            review,
            [{"source": "manual", "place_id": self.place_a.id, "rating": 3}],
        )
