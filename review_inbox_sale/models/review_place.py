from odoo import fields, models


class ReviewPlace(models.Model):
    _inherit = "review.place"

    sale_team_ids = fields.One2many(
        "crm.team",
        "review_place_id",
        string="Sales teams",
        readonly=True,
        help="The sales teams whose orders' ratings come to this place (set on "
        "each team).",
    )
