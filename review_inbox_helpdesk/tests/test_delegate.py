from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ReviewHelpdeskCase


@tagged("post_install", "-at_install")
class TestDelegateToHelpdesk(ReviewHelpdeskCase):
    """Delegate to customer service offers the helpdesk."""

    def _wizard(self, review=None, user=None, **values):
        review = review or self.review_a
        return (
            self.env["review.delegate.wizard"]
            .with_user(user or self.user_a)
            .with_context(active_model="review.message", active_id=review.id)
            .create(values)
        )

    def _care_mails(self):
        return self.env["mail.mail"].search([("email_to", "ilike", "care@corp.test")])

    def test_helpdesk_by_default_when_a_team_takes_it(self):
        wizard = self._wizard()
        self.assertEqual(wizard.delegate_by, "ticket")
        self.assertEqual(wizard.helpdesk_team_id, self.team_a)
        self.company.review_helpdesk_team_id = False
        # place B has no team of its own: the core's email
        wizard = self._wizard(self.review_b, self.user_b)
        self.assertEqual(wizard.delegate_by, "email")
        self.assertFalse(wizard.helpdesk_team_id)

    def test_delegate_as_ticket(self):
        wizard = self._wizard(note="A regular: <call> her before noon")
        wizard.action_confirm()
        ticket = self._tickets(self.review_a)
        self.assertEqual(self.review_a.ticket_id, ticket)
        self.assertIn(
            "A regular: &lt;call&gt; her before noon", str(ticket.description)
        )
        self.assertIn("Note from Alice PlaceA", str(ticket.description))
        self.assertTrue(self.review_a.is_delegated)
        self.assertEqual(
            self.review_a.delegated_to, f"Ticket {ticket.number} (Place A desk)"
        )
        # in the Inbox until the ticket is closed; no email to customer service
        self.assertEqual(self.review_a.state, "inbox")
        self.assertFalse(self._care_mails())
        note = self._review_notes(self.review_a)[:1]
        self.assertIn("Delegated to customer service: ticket", str(note.body))
        self.assertIn("&lt;call&gt; her", str(note.body))
        ticket.stage_id = self.stage_done
        self.assertEqual(self.review_a.state, "done")

    def test_delegate_by_email_still_works(self):
        wizard = self._wizard(delegate_by="email")
        wizard.action_confirm()
        self.assertFalse(self._tickets(self.review_a))
        self.assertEqual(self.review_a.state, "done")
        self.assertEqual(self.review_a.delegated_to, "care@corp.test")
        self.assertTrue(self._care_mails())

    def test_review_with_a_ticket(self):
        self._create_ticket()
        wizard = self._wizard()
        self.assertEqual(wizard.delegate_by, "email")
        self.assertEqual(wizard.review_ticket_number, self.review_a.ticket_number)
        wizard.delegate_by = "ticket"
        with self.assertRaisesRegex(UserError, "already has a ticket"):
            wizard.action_confirm()
        self.assertFalse(self.review_a.is_delegated)

    def test_no_team(self):
        self.company.review_helpdesk_team_id = False
        wizard = self._wizard(self.review_b, self.user_b, delegate_by="ticket")
        with self.assertRaisesRegex(UserError, "No helpdesk team"):
            wizard.action_confirm()
        self.assertFalse(self.review_b.is_delegated)
        self.assertFalse(self._tickets(self.review_b))

    def test_form(self):
        """The wizard's form switches between the two ways."""
        wizard_form = Form(
            self.env["review.delegate.wizard"]
            .with_user(self.user_a)
            .with_context(active_model="review.message", active_id=self.review_a.id)
        )
        self.assertEqual(wizard_form.delegate_by, "ticket")
        wizard_form.delegate_by = "email"
        self.assertEqual(wizard_form.email, "care@corp.test")
