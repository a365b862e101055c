from odoo import api, models


class ReportReviewPlacePoster(models.AbstractModel):
    _name = "report.review_inbox.report_review_place_poster"
    _description = "Review poster of a place"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The places, each with the QR code of its review form; only for
        users who may read their review form address."""
        places = self.env["review.place"].browse(docids)
        places._check_review_poster()
        return {
            "doc_ids": docids,
            "doc_model": "review.place",
            "docs": places,
            "qr_codes": {place.id: place._review_poster_qr_code() for place in places},
        }
