from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    review_place_id = fields.Many2one(
        "review.place",
        string="Review place",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The place whose inbox receives the ratings of this team's orders "
        "(an e-shop, a shop's sales desk). Without one, the company's default "
        "place of Review Inbox.",
    )
