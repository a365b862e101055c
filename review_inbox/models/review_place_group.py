from odoo import fields, models


class ReviewPlaceGroup(models.Model):
    _name = "review.place.group"
    _description = "Group of Places"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    place_ids = fields.Many2many(
        "review.place",
        "review_place_group_rel",
        "group_id",
        "place_id",
        string="Places",
        check_company=True,
    )
    place_count = fields.Integer(compute="_compute_place_count")
    active = fields.Boolean(default=True)

    def _compute_place_count(self):
        for group in self:
            group.place_count = len(group.place_ids)
