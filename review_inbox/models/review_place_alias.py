import ast

from odoo import models


class ReviewPlace(models.Model):
    """An optional mail alias per place: its emails become reviews of the place."""

    _name = "review.place"
    _inherit = ["review.place", "mail.alias.mixin.optional"]

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("review.message")
        values["alias_contact"] = "everyone"
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["place_id"] = self.id
            defaults["company_id"] = self.company_id.id
        return values

    def write(self, vals):
        res = super().write(vals)
        if "company_id" in vals:
            # the alias defaults carry the company of the place
            for place in self.filtered("alias_id"):
                place.alias_id.sudo().write(
                    {
                        "alias_defaults": place._alias_get_creation_values()[
                            "alias_defaults"
                        ]
                    }
                )
        return res
