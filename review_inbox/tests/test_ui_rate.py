from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase
from .test_review_request import RequestMixin


@tagged("post_install", "-at_install")
class TestUiRate(RequestMixin, ReviewInboxCase, HttpCase):
    def test_rate_page_tour(self):
        """A customer follows a star link of the email and rates."""
        request, token = self._sent_request()
        self.start_tour(f"/review/rate/{token}?score=2", "review_inbox_rate_page_tour")
        review = request.review_id
        self.assertEqual(request.state, "rated")
        self.assertEqual(review.rating, 4)
        self.assertEqual(review.body, "Quick and friendly.")
        self.assertEqual(review.place_id, self.place_a)

    def test_rated_document_tour(self):
        """Place staff open the document a review rates."""
        request, _token = self._sent_request()
        review = request._submit_rating(3, "Fine")
        self.start_tour(
            f"/odoo/action-review_inbox.review_message_action_all/{review.id}",
            "review_inbox_rated_document_tour",
            login="place_a_user",
        )
