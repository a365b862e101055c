from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiReviewForm(ReviewInboxCase, HttpCase):
    def test_review_form_tour(self):
        """A visitor, not logged in, reviews a place from its public form."""
        self.start_tour(
            f"/review/place/{self.place_a.review_form_key}",
            "review_inbox_review_form_tour",
        )
        review = self.env["review.message"].search(
            [("place_id", "=", self.place_a.id), ("source", "=", "web")]
        )
        self.assertEqual(len(review), 1)
        self.assertEqual(review.rating, 4)
        self.assertEqual(review.body, "Lovely terrace, slow service.")
        self.assertEqual(review.state, "inbox")
        self.assertEqual(review.partner_id.name, "Tina Tour")
        self.assertEqual(review.partner_id.email, "tina@tour.test")
        self.assertEqual(review.partner_id.company_id, self.company)
