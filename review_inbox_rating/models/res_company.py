from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("review_default_place_id"):
            # the ratings left without a place now have one
            self.env["rating.rating"]._review_requeue_unrouted()
        return result
