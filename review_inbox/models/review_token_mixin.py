import hashlib
import re
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# A raw token: 256 random bits in base64url, without padding (43 characters),
# as secrets.token_urlsafe(32) makes them, and a device may make them too.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
# Its SHA-256, as stored: 64 lowercase hexadecimal digits.
TOKEN_HASH_RE = re.compile(r"[0-9a-f]{64}")


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def is_token(token):
    """Whether ``token`` has the shape of a raw token (and nothing else)."""
    return isinstance(token, str) and bool(TOKEN_RE.fullmatch(token))


def is_token_hash(token_hash):
    """Whether ``token_hash`` has the shape of ``hash_token``'s digest."""
    return isinstance(token_hash, str) and bool(TOKEN_HASH_RE.fullmatch(token_hash))


class LinkGone(Exception):
    """A one-time link that can no longer be used: spent or expired (410)."""


class ReviewTokenMixin(models.AbstractModel):
    """The one-time link of a customer page: the reply page of a staff reply,
    the rating page of a rating request.

    256 random bits go in the email; only their SHA-256 is stored and looked
    up. Opening the page never spends the link (mail scanners open links):
    only the customer's submission does, once, through one conditional
    UPDATE, so that of two racing submissions exactly one wins.
    """

    _name = "review.token.mixin"
    _description = "One-time customer link"

    token_hash = fields.Char(copy=False, groups="base.group_system")
    token_expiry = fields.Datetime(copy=False, readonly=True)
    token_used_date = fields.Datetime(copy=False, readonly=True)

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "Duplicate link."),
    ]

    @api.model
    def _token_validity(self, company):
        """Days a new link of ``company`` stays valid; each model says which
        setting rules its links."""
        raise NotImplementedError()

    @api.model
    def _token_values(self, token, company, issued_date=None):
        """The values to store for the raw ``token``: its hash and expiry,
        counted from ``issued_date`` (when the customer got the link: now by
        default)."""
        return self._token_hash_values(hash_token(token), company, issued_date)

    @api.model
    def _token_hash_values(self, token_hash, company, issued_date=None):
        """``_token_values`` of a link known by its hash only (``hash_token``
        of the raw token, kept instead of it)."""
        validity = self._token_validity(company) or 30
        issued_date = issued_date or fields.Datetime.now()
        return {
            "token_hash": token_hash,
            "token_expiry": issued_date + timedelta(days=validity),
        }

    @api.model
    def _new_token(self, company):
        """Return (raw token for the email, values to store)."""
        token = secrets.token_urlsafe(32)  # 256 random bits
        return token, self._token_values(token, company)

    @api.model
    def _from_token(self, token):
        """The record a link was issued with, as superuser, or an empty
        recordset. Callers decide what a used or expired link means.

        The token itself is never compared: only its SHA-256 is looked up,
        through the unique index. How long the lookup takes can tell at most
        about the hash of a guess, which says nothing of a valid token; a
        ``consteq`` after the database's own equality would add nothing.
        """
        # one query: the row comes with what reading it would prefetch
        prefetched = [
            name for name, field in self._fields.items() if field.prefetch is True
        ]
        return self.sudo().search_fetch(  # the token is the credential
            [("token_hash", "=", hash_token(token))], prefetched, limit=1
        )

    def _link_status(self):
        """'valid', 'used' or 'expired'."""
        self.ensure_one()
        if self.token_used_date:
            return "used"
        if not self.token_expiry or self.token_expiry <= fields.Datetime.now():
            return "expired"
        return "valid"

    def _claim_token(self):
        """Spend the link: of two racing submissions exactly one wins."""
        self.ensure_one()
        # the row must hold pending ORM writes, and expire as _link_status says
        self.flush_recordset(["token_used_date", "token_expiry"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                UPDATE %s
                   SET token_used_date = %s
                 WHERE id = %s
                   AND token_used_date IS NULL
                   AND token_expiry > %s
             RETURNING id
                """,
                SQL.identifier(self._table),
                now,
                self.id,
                now,
            )
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["token_used_date"])
        return claimed
