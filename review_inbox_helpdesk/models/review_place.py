from odoo import fields, models


class ReviewPlace(models.Model):
    _inherit = "review.place"

    helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk team",
        check_company=True,
        help="Team of the tickets created from this place's reviews; the "
        "company's (Settings) when empty.",
    )
