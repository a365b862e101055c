from odoo import Command
from odoo.tests import tagged

from odoo.addons.review_inbox.models.review_message import INBOX_CHANGED

from .common import ReviewHelpdeskCase


@tagged("post_install", "-at_install")
class TestTicketStage(ReviewHelpdeskCase):
    """The review follows its ticket: Done once closed, back to the Inbox
    when reopened."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_a.with_user(cls.user_a).action_create_ticket()
        cls.ticket = cls.review_a.ticket_id

    def _moved_in_inbox(self):
        """Reviews whose move in or out of the Inbox the live inbox will
        tell at commit (review_inbox: _notify_inbox_staff)."""
        changes = self.env.cr.precommit.data.get(INBOX_CHANGED) or {}
        return changes.get("moved", set())

    def _last_note(self, review):
        return self._review_notes(review)[:1]

    def test_closed_ticket_marks_review_done(self):
        self.ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(self.review_a.state, "done")
        self.assertIn(self.review_a.id, self._moved_in_inbox())
        note = self._last_note(self.review_a)
        # by the agent who closed it, naming the ticket
        self.assertEqual(note.author_id, self.agent.partner_id)
        self.assertIn(
            f'Ticket <a href="#" data-oe-model="helpdesk.ticket" '
            f'data-oe-id="{self.ticket.id}">{self.ticket.number}</a> closed (Done): '
            "marked as Done.",
            str(note.body),
        )

    def test_reopened_ticket_brings_review_back(self):
        self.ticket.with_user(self.agent).stage_id = self.stage_cancelled
        self.assertEqual(self.review_a.state, "done")
        self.env.cr.precommit.data.pop(INBOX_CHANGED, None)
        self.ticket.with_user(self.agent).stage_id = self.stage_in_progress
        self.assertEqual(self.review_a.state, "inbox")
        self.assertIn(self.review_a.id, self._moved_in_inbox())
        self.assertIn(
            f"{self.ticket.number}</a> reopened (In Progress): moved back to the "
            "Inbox.",
            str(self._last_note(self.review_a).body),
        )

    def test_open_stages_leave_review_alone(self):
        notes = self._review_notes(self.review_a)
        self.ticket.with_user(self.agent).stage_id = self.stage_in_progress
        self.assertEqual(self.review_a.state, "inbox")
        self.assertEqual(self._review_notes(self.review_a), notes)
        # closed to closed: already followed
        self.ticket.stage_id = self.stage_done
        notes = self._review_notes(self.review_a)
        self.ticket.stage_id = self.stage_cancelled
        self.assertEqual(self._review_notes(self.review_a), notes)

    def test_spam_review_stays_in_spam(self):
        self.review_a.with_user(self.user_a).action_spam()
        self.ticket.stage_id = self.stage_done
        self.assertEqual(self.review_a.state, "spam")
        self.assertIn("closed (Done).", str(self._last_note(self.review_a).body))
        self.ticket.stage_id = self.stage_new
        self.assertEqual(self.review_a.state, "spam")
        self.assertIn("reopened (New).", str(self._last_note(self.review_a).body))

    def test_review_done_already(self):
        self.review_a.with_user(self.user_a).action_done()
        self.ticket.stage_id = self.stage_done
        self.assertEqual(self.review_a.state, "done")
        self.assertIn("closed (Done).", str(self._last_note(self.review_a).body))

    def test_new_team_reopens_ticket(self):
        """A team whose stages do not hold the ticket's closed stage moves it
        to its first stage: reopened, though no stage was written."""
        stage_a_closed = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Solved at A",
                "closed": True,
                "company_id": False,
                "team_ids": [Command.link(self.team_a.id)],
            }
        )
        self.ticket.stage_id = stage_a_closed
        self.assertEqual(self.review_a.state, "done")
        self.ticket.team_id = self.team_company
        self.assertFalse(self.ticket.closed)
        self.assertEqual(self.review_a.state, "inbox")

    def test_tickets_closed_together(self):
        ticket_b = self._create_ticket(self.review_b, self.user_b)
        other = self.env["helpdesk.ticket"].create(
            {"name": "Not a review", "description": "x", "team_id": self.team_a.id}
        )
        (self.ticket | ticket_b | other).with_user(self.agent).write(
            {"stage_id": self.stage_done.id}
        )
        self.assertEqual((self.review_a | self.review_b).mapped("state"), ["done"] * 2)
        self.assertIn(ticket_b.number, str(self._last_note(self.review_b).body))
        self.assertNotIn(ticket_b.number, str(self._last_note(self.review_a).body))
