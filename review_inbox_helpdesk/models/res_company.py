from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    review_helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk team",
        domain="[('company_id', 'in', [id, False])]",
        help="Team of the tickets created from reviews, unless the review's "
        "place has a team of its own.",
    )

    @api.constrains("review_helpdesk_team_id")
    def _check_review_helpdesk_team_id(self):
        for company in self:
            team_company = company.review_helpdesk_team_id.sudo().company_id
            if team_company and team_company != company:
                raise ValidationError(
                    _(
                        "The helpdesk team %(team)s belongs to %(other)s, not to "
                        "%(company)s.",
                        team=company.review_helpdesk_team_id.sudo().display_name,
                        other=team_company.name,
                        company=company.name,
                    )
                )
