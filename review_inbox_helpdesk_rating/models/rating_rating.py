from odoo import models

TICKET_MODEL = "helpdesk.ticket"


class RatingRating(models.Model):
    _inherit = "rating.rating"

    def _review_sync(self, bulk=False):
        """The review of the rating of a ticket made from a review names that
        review (``origin_review_id``), whose chatter says the customer rated
        the ticket (not for an import of past ratings, which logs nothing)."""
        reviews = super()._review_sync(bulk=bulk)
        linked = reviews.sudo()._review_link_origin_reviews()
        if not bulk:
            linked._review_log_ticket_rating_on_origin()
        return reviews

    def _review_update(self, review):
        changed = super()._review_update(review)
        if changed and review.origin_review_id:
            review._review_log_ticket_rating_on_origin(again=True)
        return changed
