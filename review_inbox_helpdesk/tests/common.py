from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.review_inbox.tests.common import ReviewInboxCase


class ReviewHelpdeskCase(ReviewInboxCase):
    """The core's fixtures, with a helpdesk: a team for place A, another
    for the company (place B has none), and a helpdesk agent who is no
    Review Inbox user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            common = {"company_id": cls.company.id, "company_ids": cls.company.ids}
            cls.agent = new_test_user(
                cls.env,
                login="helpdesk_agent_t",
                name="Hana Helpdesk",
                email="hana@corp.test",
                groups="helpdesk_mgmt.group_helpdesk_user",
                **common,
            )
            Team = cls.env["helpdesk.ticket.team"]
            cls.team_a = Team.create(
                {
                    "name": "Place A desk",
                    "company_id": cls.company.id,
                    "user_ids": [Command.link(cls.agent.id)],
                }
            )
            cls.team_company = Team.create(
                {"name": "Care team", "company_id": cls.company.id}
            )
            cls.team_y = Team.create(
                {"name": "Other Corp desk", "company_id": cls.company_y.id}
            )
            cls.place_a.helpdesk_team_id = cls.team_a
            cls.company.review_helpdesk_team_id = cls.team_company
            ref = cls.env.ref
            cls.stage_new = ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
            cls.stage_in_progress = ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
            )
            cls.stage_done = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
            cls.stage_cancelled = ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")

    def _tickets(self, review):
        return self.env["helpdesk.ticket"].search([("review_id", "=", review.id)])

    def _review_notes(self, review):
        return self.env["mail.message"].search(
            [
                ("model", "=", "review.message"),
                ("res_id", "=", review.id),
                ("subtype_id", "=", self.env.ref("mail.mt_note").id),
            ]
        )

    def _create_ticket(self, review=None, user=None):
        review = review or self.review_a
        review.with_user(user or self.user_a).action_create_ticket()
        return review.ticket_id
