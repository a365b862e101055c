from odoo.tests import HttpCase, tagged

from odoo.addons.review_inbox.tests.common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestUiDashboard(ReviewInboxCase, HttpCase):
    def test_dashboard_tour(self):
        """Place staff open the Reviews dashboard in the Dashboards app."""
        self.start_tour(
            "/odoo/dashboards", "review_inbox_dashboard_tour", login="place_a_user"
        )
