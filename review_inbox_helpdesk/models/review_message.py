from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime, plaintext2html


class ReviewMessage(models.Model):
    _inherit = "review.message"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Ticket",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The helpdesk ticket created from this review: once it is closed, "
        "the review is marked as Done.",
    )
    # Related fields read as superuser: whoever reads the review sees the
    # number and stage of its ticket, not the ticket itself (helpdesk rights).
    ticket_number = fields.Char(related="ticket_id.number", string="Ticket number")
    ticket_stage_name = fields.Char(
        related="ticket_id.stage_id.name", string="Ticket stage"
    )

    @api.model
    def _protected_fields(self):
        # set by action_create_ticket only
        return super()._protected_fields() | {"ticket_id"}

    # ------------------------------------------------------------------
    # Creating the ticket
    # ------------------------------------------------------------------

    def _helpdesk_team(self):
        """The team of this review's ticket: its place's, else its company's."""
        self.ensure_one()
        return self.place_id.helpdesk_team_id or self.company_id.review_helpdesk_team_id

    def action_create_ticket(self):
        """Hand the review to the helpdesk: a ticket in the team of its place
        (else its company's) with the review, its customer and the
        conversation so far. The review stays in the Inbox until the ticket
        is closed."""
        self.ensure_one()
        ticket = self._create_helpdesk_ticket()
        message = _(
            "Ticket %(ticket)s created in %(team)s.",
            ticket=ticket.number,
            team=ticket.team_id.display_name,
        )
        self._log_action(
            _(
                "Ticket %(ticket)s created in %(team)s.",
                ticket=ticket._get_html_link(title=ticket.number),
                team=ticket.team_id.display_name,
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                # closes nothing on the form: reloads it, with the ticket
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _create_helpdesk_ticket(self, note=None):
        """Create the review's ticket and link both; return it (as superuser).

        Place staff hand the reviews they handle to the helpdesk without any
        helpdesk right: the ticket is created as superuser once the user's
        right to act on the review (write, as every action) is checked. The
        ticket stays the helpdesk's: its creator does not follow it, so
        helpdesk_mgmt's rules alone say who reads it.
        """
        self.ensure_one()
        self.check_access("write")
        # Two users creating a ticket for the review at once: the second
        # waits here for the first to commit, then fails to serialize, is
        # retried and finds the ticket.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM review_message WHERE id = %s FOR NO KEY UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset(["ticket_id"])
        if self.ticket_id:
            raise UserError(
                _(
                    "This review already has a ticket: %(ticket)s.",
                    ticket=self.ticket_number,
                )
            )
        team = self._helpdesk_team()
        if not team:
            raise UserError(
                _(
                    "No helpdesk team takes the tickets of %(place)s: a review "
                    "manager sets one on the place, or the company's in Review "
                    "Inbox > Configuration > Settings.",
                    place=self.place_id.display_name,
                )
            )
        # sudo: see above; the team was chosen by a review manager for this
        # place or company, whatever the user may read of the helpdesk
        team_sudo = team.sudo()
        if not team_sudo.active:
            raise UserError(
                _(
                    "The helpdesk team %(team)s is archived: a review manager "
                    "chooses another one for %(place)s.",
                    team=team_sudo.display_name,
                    place=self.place_id.display_name,
                )
            )
        values = self._helpdesk_ticket_values(team_sudo, note)
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(values)
        )
        # sudo: a protected field, write access checked above
        self.sudo().write({"ticket_id": ticket.id})
        return ticket

    def _helpdesk_ticket_values(self, team, note=None):
        self.ensure_one()
        customer = self.partner_id
        if customer:
            title = _(
                "Review of %(customer)s at %(place)s",
                customer=customer.name,
                place=self.place_id.display_name,
            )
        else:
            title = _("Review at %(place)s", place=self.place_id.display_name)
        values = {
            "name": title,
            "description": self._helpdesk_ticket_description(note),
            "team_id": team.id,
            "company_id": team.company_id.id or self.company_id.id,
            "partner_id": customer.id,
            "partner_name": customer.name or False,
            "partner_email": customer.email or False,
            # an alert is urgent for the helpdesk too
            "priority": "2" if self.is_alert else "1",
            "review_id": self.id,
        }
        if self.env.user not in team.user_ids:
            # the helpdesk's auto-assignment gives a ticket to its creator:
            # one outside the team is no helpdesk agent, the team dispatches
            values["user_id"] = False
        return values

    def _helpdesk_ticket_description(self, note=None):
        """The review as the helpdesk reads it: place, date, rating, customer,
        the customer's text and the conversation so far (every customer and
        staff message), escaped."""
        self.ensure_one()
        customer = self.partner_id
        contact = ", ".join(
            value for value in (customer.name, customer.email, customer.phone) if value
        )
        types = dict(self._fields["review_type"]._description_selection(self.env))
        details = [
            (_("Place"), self.place_id.display_name),
            (_("Date"), self._format_ticket_date(self.review_date)),
            (
                _("Rating"),
                _("%(rating)s out of 5", rating=self.rating)
                if self.rating
                else _("No rating"),
            ),
            (_("Type"), types.get(self.review_type, "")),
            (_("Customer"), contact or _("Anonymous")),
        ]
        parts = [
            Markup("<ul>%s</ul>")
            % Markup().join(
                Markup("<li><strong>%s:</strong> %s</li>") % detail
                for detail in details
            ),
            Markup("<h4>%s</h4>") % _("Review"),
            Markup("<blockquote>%s</blockquote>")
            % plaintext2html(self.body or _("(no text)")),
        ]
        # sudo: the conversation of a review the user may act on (checked by
        # the caller), as the review's form shows it
        entries = self.sudo().conversation_entry_ids
        if entries:
            authors = dict(
                entries._fields["author_type"]._description_selection(self.env)
            )
            parts.append(Markup("<h4>%s</h4>") % _("Conversation"))
            parts.append(
                Markup("<ul>%s</ul>")
                % Markup().join(
                    Markup("<li><strong>%s</strong> (%s, %s)%s</li>")
                    % (
                        entry.author_id.name or authors[entry.author_type],
                        authors[entry.author_type],
                        self._format_ticket_date(entry.date),
                        plaintext2html(entry.body),
                    )
                    for entry in entries
                )
            )
        if (note or "").strip():
            parts.append(
                Markup("<h4>%s</h4>%s")
                % (
                    _("Note from %(user)s", user=self.env.user.name),
                    plaintext2html(note.strip()),
                )
            )
        return Markup().join(parts)

    def _format_ticket_date(self, value):
        return format_datetime(self.env, value, tz=self.env.user.tz, dt_format=False)

    def action_open_ticket(self):
        """Open the review's ticket, for those whom the helpdesk lets read it."""
        self.ensure_one()
        self.check_access("read")
        ticket = self.ticket_id
        if not ticket:
            raise UserError(_("This review has no ticket."))
        if not ticket.has_access("read"):
            raise UserError(
                _(
                    "Ticket %(ticket)s (%(stage)s) belongs to the helpdesk, "
                    "whose tickets you may not open: ask the helpdesk team, or "
                    "your administrator for helpdesk rights.",
                    ticket=self.ticket_number,
                    stage=self.ticket_stage_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Following the ticket
    # ------------------------------------------------------------------

    def _follow_ticket_stage(self, closed):
        """The tickets of these reviews were closed (``closed``) or reopened.

        A closed ticket marks its review Done, a reopened one brings it back
        to the Inbox; a review in Spam, or already there, stays. Each review
        gets a line naming its ticket. What ``_log_action`` does, in one
        write for all of them: a state write refreshes the live inboxes.
        Called as superuser by the ticket (its helpdesk user may not handle
        the review); the lines are that user's.
        """
        from_state, to_state = ("inbox", "done") if closed else ("done", "inbox")
        moving = self.filtered(lambda review: review.state == from_state)
        if moving:
            moving.write(
                {
                    "state": to_state,
                    "is_treated": True,
                    "last_action_date": fields.Datetime.now(),
                }
            )
        for review in self:
            ticket = review.ticket_id
            values = {
                "ticket": ticket._get_html_link(title=ticket.number),
                "stage": ticket.stage_id.display_name,
            }
            if closed and review in moving:
                body = _(
                    "Ticket %(ticket)s closed (%(stage)s): marked as Done.", **values
                )
            elif closed:
                body = _("Ticket %(ticket)s closed (%(stage)s).", **values)
            elif review in moving:
                body = _(
                    "Ticket %(ticket)s reopened (%(stage)s): moved back to the Inbox.",
                    **values,
                )
            else:
                body = _("Ticket %(ticket)s reopened (%(stage)s).", **values)
            review._log_note(body)

    def _notify_customer_answer(self, entry):
        """The helpdesk hears of a customer answer too, while the ticket is
        open: here, not when the answer arrives, so that the customer's
        request stays short (the reply page's answers come through a job)."""
        result = super()._notify_customer_answer(entry)
        self._post_answer_on_ticket(entry)
        return result

    def _post_answer_on_ticket(self, entry):
        self.ensure_one()
        # sudo: the job and the mail gateway run as whoever they run as; the
        # ticket is the review's own
        ticket = self.sudo().ticket_id
        if not ticket or ticket.closed:
            return
        # for the helpdesk: in the company's language
        lang = self.company_id.partner_id.lang or self.env.lang
        label = self.with_context(lang=lang).env._(
            "%(customer)s answered on the review:",
            customer=entry.author_id.name or self.partner_id.name or "",
        )
        ticket.with_context(
            mail_create_nosubscribe=True, mail_notify_force_send=False
        ).message_post(
            body=Markup("<p>%s</p>%s") % (label, plaintext2html(entry.body)),
            author_id=entry.author_id.id,
            # the customer's address as From would spoof their domain (see
            # the core's _notify_customer_answer)
            email_from=self._staff_notification_email_from(),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
