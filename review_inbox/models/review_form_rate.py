import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

RATE_WINDOW = timedelta(hours=1)


class ReviewFormRate(models.Model):
    """One accepted post of the public review form, to rate-limit clients.

    Only a hash of the client address is kept, for one hour, and never on the
    review itself. No access rights: the form controller reads and writes it
    as superuser.
    """

    _name = "review.form.rate"
    _description = "Review form post (rate limit)"
    _log_access = False

    place_id = fields.Many2one("review.place", required=True, ondelete="cascade")
    ip_hash = fields.Char(string="Client address hash", required=True)
    post_date = fields.Datetime(required=True, default=fields.Datetime.now)

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS review_form_rate_lookup_idx "
                "ON review_form_rate (place_id, ip_hash, post_date)"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS review_form_rate_post_date_idx "
                "ON review_form_rate (post_date)"
            )
        )

    @api.model
    def _hash_address(self, address):
        return hashlib.sha256((address or "").encode()).hexdigest()

    @api.model
    def _is_allowed(self, place, address):
        """Whether this client may post one more review for this place.

        Locks (client, place) until the end of the transaction: of two racing
        posts, the second counts the first.
        """
        ip_hash = self._hash_address(address)
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                place.id,
                int(ip_hash[:8], 16) - 2**31,
            )
        )
        limit = place.company_id.review_form_rate_limit
        count = self.search_count(
            [
                ("place_id", "=", place.id),
                ("ip_hash", "=", ip_hash),
                ("post_date", ">", fields.Datetime.now() - RATE_WINDOW),
            ]
        )
        return count < limit

    @api.model
    def _record(self, place, address):
        """Count an accepted post; forget the posts older than the window."""
        self.search([("post_date", "<=", fields.Datetime.now() - RATE_WINDOW)]).unlink()
        return self.create(
            {"place_id": place.id, "ip_hash": self._hash_address(address)}
        )
