import hashlib
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

RATE_WINDOW = timedelta(hours=1)
PURGE_BATCH = 1000


class ReviewFormRate(models.Model):
    """How many reviews one client sent to one place's form in one hour.

    One counter row per (place, client address hash, hour): the check and the
    increment are one statement on that row, so racing posts serialize on it
    and the limit holds however many arrive at once. Only a hash of the
    client address is kept, and rows of past hours are purged. No access
    rights: the form controller reads and writes it as superuser.
    """

    _name = "review.form.rate"
    _description = "Review form posts per client and hour (rate limit)"
    _log_access = False

    place_id = fields.Many2one("review.place", required=True, ondelete="cascade")
    ip_hash = fields.Char(string="Client address hash", required=True)
    window_start = fields.Datetime(string="Hour", required=True)
    count = fields.Integer(required=True, default=1)

    _sql_constraints = [
        (
            "window_uniq",
            "unique(place_id, ip_hash, window_start)",
            "One counter per client, place and hour.",
        ),
    ]

    def _auto_init(self):
        # Before the counters, one row per post: those cannot become windows
        # (they would break the unique constraint), and they are at most an
        # hour of rate-limit state.
        if column_exists(self.env.cr, self._table, "post_date"):
            self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        return super()._auto_init()

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS review_form_rate_window_start_idx "
                "ON review_form_rate (window_start)"
            )
        )

    @api.model
    def _hash_address(self, address):
        return hashlib.sha256((address or "").encode()).hexdigest()

    @api.model
    def _window_start(self):
        return fields.Datetime.now().replace(minute=0, second=0, microsecond=0)

    @api.model
    def _consume(self, place, address):
        """Count one post of this client to this place; False over the limit.

        One statement checks and increments: a concurrent post of the same
        client either waits for this one's row lock, or (when it committed
        after this transaction's snapshot) makes PostgreSQL raise a
        serialization failure, on which Odoo retries the whole request. So at
        most the limit of posts an hour are ever counted, and a refused post
        changes nothing.
        """
        limit = place.company_id.review_form_rate_limit
        window = self._window_start()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO review_form_rate (place_id, ip_hash, window_start, count)
                VALUES (%(place)s, %(hash)s, %(window)s, 1)
                ON CONFLICT (place_id, ip_hash, window_start)
                DO UPDATE SET count = review_form_rate.count + 1
                WHERE review_form_rate.count < %(limit)s
                RETURNING count
                """,
                place=place.id,
                hash=self._hash_address(address),
                window=window,
                limit=limit,
            ),
            # a serialization failure is expected here under a burst: Odoo
            # retries the request, no need for a "bad query" in the log
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if row and row[0] == 1:
            # the client's first post this hour: a good time to forget others
            self._purge(window)
        return bool(row)

    @api.model
    def _purge(self, window=None, batch=PURGE_BATCH):
        """Forget the counters of past hours, never blocking the request.

        Rows another transaction is purging are skipped, and a conflict with
        one (serialization failure) only postpones the purge.
        """
        window = window or self._window_start()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """
                        DELETE FROM review_form_rate WHERE id IN (
                            SELECT id FROM review_form_rate
                             WHERE window_start < %(window)s
                             LIMIT %(batch)s
                               FOR UPDATE SKIP LOCKED
                        )
                        """,
                        window=window,
                        batch=batch,
                    ),
                    log_exceptions=False,
                )
                return self.env.cr.rowcount
        except psycopg2.errors.SerializationFailure:
            _logger.debug("Review form rate: purge postponed by a concurrent one")
            return 0

    @api.autovacuum
    def _gc_past_windows(self):
        """Past hours of clients that never came back."""
        while self._purge() == PURGE_BATCH:
            pass
