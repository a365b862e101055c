from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    review_id = fields.Many2one(
        "review.message",
        string="Review",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The customer review this ticket was created from: closing the "
        "ticket marks it as Done, reopening it brings it back to the Inbox.",
    )

    _sql_constraints = [
        ("review_uniq", "unique(review_id)", "A review has one ticket at most."),
    ]

    def _check_review_link(self, vals_list):
        """The link to a review is made by the review's Create a ticket only:
        a ticket linked by hand would move a review its user may not handle."""
        if not self.env.su and any("review_id" in vals for vals in vals_list):
            raise AccessError(
                _(
                    "A ticket is linked to its review by the review's Create a "
                    "ticket only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_review_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_review_link([vals])
        # A new stage, or a new team (whose stages may not hold the current
        # one), may close or reopen the ticket.
        linked = self.browse()
        if {"stage_id", "team_id"} & set(vals):
            # sudo: which tickets have a review, whoever moves them
            linked = self.sudo().filtered("review_id")
        closed_before = {ticket.id: ticket.closed for ticket in linked}
        result = super().write(vals)
        if linked:
            closed = linked.filtered(lambda t: t.closed and not closed_before[t.id])
            reopened = linked.filtered(lambda t: not t.closed and closed_before[t.id])
            # sudo (from linked): the helpdesk user who closes the ticket need
            # not handle its review; the review's own action made the link
            closed.review_id._follow_ticket_stage(closed=True)
            reopened.review_id._follow_ticket_stage(closed=False)
        return result

    def action_open_review(self):
        """Open the ticket's review, for those whom the inbox lets read it."""
        self.ensure_one()
        self.check_access("read")
        review = self.review_id
        if not review:
            raise UserError(_("This ticket was not created from a review."))
        if not review.has_access("read"):
            raise UserError(
                _(
                    "This ticket's review is in the Review Inbox, whose "
                    "reviews of this place you may not open."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "review.message",
            "res_id": review.id,
            "views": [(False, "form")],
            "target": "current",
        }
