from odoo import _, api, fields, models


class ReviewDelegateWizard(models.TransientModel):
    """Delegate to customer service: by email (the core's), or as a helpdesk
    ticket that the review then follows."""

    _inherit = "review.delegate.wizard"

    delegate_by = fields.Selection(
        [("email", "Email to customer service"), ("ticket", "Helpdesk ticket")],
        string="Delegate by",
        required=True,
        compute="_compute_delegate_by",
        store=True,
        readonly=False,
        precompute=True,
    )
    helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk team",
        compute="_compute_helpdesk_team_id",
        help="Team of the ticket: the place's, else the company's (Settings).",
    )
    review_ticket_number = fields.Char(related="review_id.ticket_number")

    @api.depends("review_id")
    def _compute_helpdesk_team_id(self):
        for wizard in self:
            review = wizard.review_id
            wizard.helpdesk_team_id = review._helpdesk_team() if review else False

    @api.depends("review_id")
    def _compute_delegate_by(self):
        # The helpdesk when the review may go there, else the core's email.
        for wizard in self:
            review = wizard.review_id
            ready = review and not review.ticket_id and review._helpdesk_team()
            wizard.delegate_by = "ticket" if ready else "email"

    def action_confirm(self):
        self.ensure_one()
        if self.delegate_by != "ticket":
            return super().action_confirm()
        review = self.review_id
        review.check_access("write")
        ticket = review._create_helpdesk_ticket(note=self.note)
        label = _(
            "Delegated to customer service: ticket %(ticket)s in %(team)s",
            ticket=ticket._get_html_link(title=ticket.number),
            team=ticket.team_id.display_name,
        )
        # Delegated, yet in the Inbox: the review is Done once its ticket is
        # closed.
        review._log_action(
            self._log_body(label, self.note),
            {
                "is_delegated": True,
                "delegated_to": _(
                    "Ticket %(ticket)s (%(team)s)",
                    ticket=ticket.number,
                    team=ticket.team_id.display_name,
                ),
            },
        )
        return {"type": "ir.actions.act_window_close"}
