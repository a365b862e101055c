import re

from odoo.tests import HttpCase, tagged

from odoo.addons.review_inbox.tests.common import PublicPagesMixin

from .common import HelpdeskRatingCase

RATE_LINK_RE = re.compile(r"/rate/([\w-]+)/5")


@tagged("post_install", "-at_install")
class TestTicketRatePages(PublicPagesMixin, HelpdeskRatingCase, HttpCase):
    """A ticket's rating through helpdesk_mgmt_rating's flow and Odoo's own
    rating pages, as the customer gives it."""

    def test_ticket_rated_through_the_rating_pages(self):
        ticket = self.ticket_from_review
        messages = ticket.sudo().message_ids
        # the agent takes the ticket and closes it: the rating request is sent
        ticket.with_user(self.agent).write(
            {"user_id": self.agent.id, "stage_id": self.stage_done.id}
        )
        request = (ticket.sudo().message_ids - messages).filtered(
            lambda message: "/rate/" in message.body
        )
        self.assertEqual(len(request), 1)
        self.assertIn(self.customer, request.partner_ids)
        token = RATE_LINK_RE.search(request.body).group(1)
        rating = ticket.sudo().rating_ids
        self.assertEqual(rating.access_token, token)
        self.assertEqual(self.review_a.state, "done", "closed with its ticket")

        self.authenticate(None, None)
        # the smiley of the email opens the form only
        path = f"/rate/{token}/1"
        self.assertEqual(self.public_get(path).status_code, 200)
        self.sync()
        self.assertFalse(self.review_of(rating))
        submit = f"/rate/{token}/submit_feedback"
        response = self.public_post(
            submit, {"rate": 1, "feedback": "Nobody called"}, self.csrf_token(path)
        )
        self.assertEqual(response.status_code, 200)
        self.sync()
        review = self.review_of(rating)
        self.assertRecordValues(
            review,
            [
                {
                    "source": "rating",
                    "rating": 1,
                    "body": "Nobody called",
                    "partner_id": self.customer.id,
                    "place_id": self.place_a.id,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                    "origin_review_id": self.review_a.id,
                    "is_alert": True,
                    "state": "inbox",
                }
            ],
        )
        self.assertEqual(len(self.origin_notes(self.review_a)), 1)
        # the same form posted again (a mail scanner, a double click)
        review_messages = review.message_ids
        self.public_post(
            submit, {"rate": 1, "feedback": "Nobody called"}, self.csrf_token(path)
        )
        self.sync()
        self.assertEqual(self.review_of(rating), review)
        self.assertEqual(review.message_ids, review_messages)
        self.assertEqual(len(self.origin_notes(self.review_a)), 1)
        # another rating through the same link: that review follows
        self.public_post(
            submit,
            {"rate": 5, "feedback": "They called back"},
            self.csrf_token(f"/rate/{token}/5"),
        )
        self.sync()
        self.assertEqual(self.review_of(rating), review)
        self.assertRecordValues(
            review, [{"rating": 5, "body": "They called back", "is_alert": False}]
        )
        self.assertEqual(len(self.origin_notes(self.review_a)), 2)
