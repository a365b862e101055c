from odoo import fields, models


class ReviewCategory(models.Model):
    _name = "review.category"
    _description = "Review Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    icon = fields.Char(
        default="fa-tag",
        help="Font Awesome class shown on the review, e.g. fa-cutlery.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A category with this name already exists."),
    ]
