from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ReviewHelpdeskCase


@tagged("post_install", "-at_install")
class TestHelpdeskSettings(ReviewHelpdeskCase):
    """The teams: one per place, and the company's default."""

    def test_settings_page(self):
        settings = self.env["review.inbox.settings"].with_user(self.manager).create({})
        self.assertEqual(settings.review_helpdesk_team_id, self.team_company)
        settings.review_helpdesk_team_id = self.team_a
        settings.execute()
        self.assertEqual(self.company.review_helpdesk_team_id, self.team_a)
        arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="review_helpdesk_team_id"', arch)

    def test_settings_page_staff_refused(self):
        with self.assertRaises(AccessError):
            self.env["review.inbox.settings"].with_user(self.user_a).create(
                {"review_helpdesk_team_id": self.team_a.id}
            )
        self.assertEqual(self.company.review_helpdesk_team_id, self.team_company)

    def test_team_of_the_same_company(self):
        with self.assertRaises(UserError):
            self.place_a.helpdesk_team_id = self.team_y
        with self.assertRaises(ValidationError):
            self.company.review_helpdesk_team_id = self.team_y
        # a team of no company serves every company
        shared = self.env["helpdesk.ticket.team"].create(
            {"name": "Shared desk", "company_id": False}
        )
        self.place_a.helpdesk_team_id = shared
        self.company.review_helpdesk_team_id = shared
        ticket = self._create_ticket()
        self.assertEqual(ticket.team_id, shared)
        self.assertEqual(ticket.company_id, self.company)
