from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiReport(ReviewInboxCase, HttpCase):
    def test_report_tour(self):
        """Place staff open the pivot, graph and list of their place."""
        self.start_tour(
            "/odoo/action-review_inbox.review_report_action",
            "review_inbox_report_tour",
            login="place_a_user",
        )
