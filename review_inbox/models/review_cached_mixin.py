from odoo import api, models


class ReviewCachedMixin(models.AbstractModel):
    """Records that the inbox reads through a registry cache (ormcache): the
    caches are recomputed when such a record is created or deleted, or when
    one of ``_cached_fields`` changes."""

    _name = "review.cached.mixin"
    _description = "Review Inbox: records read through a cache"
    _cached_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        if set(self._cached_fields) & set(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
