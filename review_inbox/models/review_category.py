import re

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

# One Font Awesome class: what the icon picker sets, and all that the views
# put in a class attribute.
ICON_RE = re.compile(r"fa-[a-z0-9-]+")


class ReviewCategory(models.Model):
    _name = "review.category"
    _inherit = ["review.cached.mixin"]
    _description = "Review Category"
    _order = "sequence, name"
    _cached_fields = ("name", "icon", "sequence", "active")  # _icon_data

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    icon = fields.Char(
        default="fa-tag",
        help="Font Awesome icon shown on the review, e.g. fa-cutlery.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A category with this name already exists."),
    ]

    @api.constrains("icon")
    def _check_icon(self):
        for category in self:
            if category.icon and not ICON_RE.fullmatch(category.icon):
                raise ValidationError(
                    _(
                        "%(icon)s is not a Font Awesome icon: pick one in the list "
                        "(a class such as fa-cutlery).",
                        icon=category.icon,
                    )
                )

    @api.model
    @tools.ormcache("self.env.lang")
    def _icon_data(self):
        """{id: (icon, name)} of every active category, in their order and
        the user's language.

        The icons of the inbox's cards and rows come from here: a handful of
        rows, changed by managers once in a while, read on every page.
        """
        # sudo: icons and names only, for every user alike (one cache entry)
        categories = self.sudo().search_fetch([], ["icon", "name"])
        return {
            category.id: (category.icon or "fa-tag", category.name)
            for category in categories
        }
