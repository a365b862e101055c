import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, consteq

DELIVERY_STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("canceled", "Canceled"),
]
NOTIFICATION_TO_DELIVERY = {
    "ready": "queued",
    "process": "queued",
    "pending": "sent",
    "sent": "sent",
    "bounce": "failed",
    "exception": "failed",
    "canceled": "canceled",
}
# A failed send is retried after 5, 10, 20, 40 and 80 minutes, then left to
# staff (Odoo's resend wizard on the chatter's red envelope).
RETRY_DELAYS = [5, 10, 20, 40, 80]
# Failures worth retrying: the server could not be reached or refused for now.
RETRY_FAILURE_TYPES = ("mail_smtp", "unknown")


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ReviewConversation(models.Model):
    """The customer-visible exchange of a review, and nothing else.

    Internal notes and other chatter traffic never become entries.
    """

    _name = "review.conversation"
    _description = "Customer Conversation"
    _rec_name = "review_id"

    review_id = fields.Many2one(
        "review.message", required=True, ondelete="cascade", index=True
    )
    # computed before the INSERT, not by an UPDATE right after it
    company_id = fields.Many2one(
        related="review_id.company_id", store=True, precompute=True
    )
    entry_ids = fields.One2many("review.conversation.entry", "conversation_id")

    _sql_constraints = [
        ("review_uniq", "unique(review_id)", "A review has one conversation."),
    ]


class ReviewConversationEntry(models.Model):
    _name = "review.conversation.entry"
    _description = "Customer Conversation Entry"
    _order = "date, id"

    conversation_id = fields.Many2one(
        "review.conversation", required=True, ondelete="cascade", index=True
    )
    review_id = fields.Many2one(
        "review.message", required=True, ondelete="cascade", index=True
    )
    # computed before the INSERT, not by an UPDATE right after it
    company_id = fields.Many2one(
        related="review_id.company_id", store=True, precompute=True
    )
    author_type = fields.Selection(
        [("staff", "Staff"), ("customer", "Customer")], required=True
    )
    author_id = fields.Many2one("res.partner", string="Author")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    body = fields.Text(required=True)
    source = fields.Selection(
        [("web", "Reply page"), ("email", "Email")],
        help="How a customer answer arrived.",
    )
    # One-time link of a staff reply: only the hash of the token is stored.
    token_hash = fields.Char(copy=False, groups="base.group_system")
    token_expiry = fields.Datetime(copy=False, readonly=True)
    token_used_date = fields.Datetime(copy=False, readonly=True)
    # Delivery of a staff reply, as Odoo's own notification tracks it.
    notification_id = fields.Many2one(
        "mail.notification", copy=False, readonly=True, index="btree_not_null"
    )
    message_id = fields.Many2one("mail.message", copy=False, readonly=True)
    delivery_state = fields.Selection(
        DELIVERY_STATES,
        compute="_compute_delivery_state",
        store=True,
        precompute=True,
        help="Where the email of this reply is: queued for sending, sent, or "
        "failed (see the reason).",
    )
    delivery_failure = fields.Text(
        compute="_compute_delivery_failure",
        compute_sudo=True,
        string="Delivery failure",
    )
    notify_pending = fields.Boolean(
        copy=False,
        readonly=True,
        index=True,
        help="A customer answer from the reply page not yet in the chatter nor "
        "told to the staff (see _cron_notify_customer_answers).",
    )
    retry_count = fields.Integer(copy=False, readonly=True)
    last_retry_date = fields.Datetime(copy=False, readonly=True)
    is_unread = fields.Boolean(
        compute="_compute_is_unread",
        help="Newest customer entry of a conversation whose status is Unread "
        "Customer Reply.",
    )

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "Duplicate reply link."),
    ]

    @api.depends("notification_id.notification_status", "author_type")
    def _compute_delivery_state(self):
        for entry in self:
            if entry.author_type != "staff" or not entry.notification_id:
                entry.delivery_state = False
            else:
                entry.delivery_state = NOTIFICATION_TO_DELIVERY.get(
                    entry.notification_id.notification_status, "queued"
                )

    @api.depends(
        "delivery_state",
        "notification_id.failure_type",
        "notification_id.failure_reason",
        "notification_id.mail_mail_id.failure_reason",
    )
    def _compute_delivery_failure(self):
        """Odoo keeps the error of an SMTP connection on the mail only."""
        failure_types = dict(
            self.env["mail.notification"]
            ._fields["failure_type"]
            ._description_selection(self.env)
        )
        for entry in self:
            notification = entry.notification_id
            if entry.delivery_state != "failed":
                entry.delivery_failure = False
                continue
            entry.delivery_failure = (
                notification.failure_reason
                or notification.mail_mail_id.failure_reason
                or failure_types.get(notification.failure_type, False)
            )

    @api.depends("review_id.conversation_state", "author_type")
    def _compute_is_unread(self):
        newest = {}
        unread = self.review_id.filtered(lambda r: r.conversation_state == "unread")
        for entry in unread.conversation_entry_ids:  # ordered by date, id
            if entry.author_type == "customer":
                newest[entry.review_id] = entry
        for entry in self:
            entry.is_unread = newest.get(entry.review_id) == entry

    # ------------------------------------------------------------------
    # One-time link
    # ------------------------------------------------------------------

    @api.model
    def _new_token(self, company):
        """Return (raw token for the email, values to store)."""
        token = secrets.token_urlsafe(32)  # 256 random bits
        validity = company.review_reply_link_validity or 30
        return token, {
            "token_hash": hash_token(token),
            "token_expiry": fields.Datetime.now() + timedelta(days=validity),
        }

    @api.model
    def _from_token(self, token):
        """The staff entry a link was issued with, or an empty recordset.

        Looked up through the unique hash index, then compared in constant
        time. Callers decide what a used or expired link means.
        """
        digest = hash_token(token)
        # one query: the row comes with what reading it would prefetch
        prefetched = [
            name for name, field in self._fields.items() if field.prefetch is True
        ]
        entry = self.sudo().search_fetch(  # the token is the credential
            [("token_hash", "=", digest)], prefetched, limit=1
        )
        if entry and consteq(entry.token_hash, digest):
            return entry
        return self.browse()

    def _link_status(self):
        """'valid', 'used' or 'expired'."""
        self.ensure_one()
        if self.token_used_date:
            return "used"
        if not self.token_expiry or self.token_expiry <= fields.Datetime.now():
            return "expired"
        return "valid"

    def _claim_token(self):
        """Consume the link: of two racing submissions exactly one wins."""
        self.ensure_one()
        # the row must hold pending ORM writes, and expire as _link_status says
        self.flush_recordset(["token_used_date", "token_expiry"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                UPDATE review_conversation_entry
                   SET token_used_date = %s
                 WHERE id = %s
                   AND token_used_date IS NULL
                   AND token_expiry > %s
             RETURNING id
                """,
                now,
                self.id,
                now,
            )
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["token_used_date"])
        return claimed

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_mark_read(self):
        return self.review_id.action_mark_read()

    @api.model
    def _cron_notify_customer_answers(self, batch=200):
        """Customer answers from the reply page: into the chatter, and told
        to the staff. Triggered by each answer."""
        # sudo: a job over every company's answers
        entries = self.sudo().search(
            [("notify_pending", "=", True)], order="id", limit=batch
        )
        for entry in entries:
            entry.review_id._notify_customer_answer(entry)
        entries.notify_pending = False
        self.env["ir.cron"]._notify_progress(
            done=len(entries),
            remaining=self.sudo().search_count([("notify_pending", "=", True)]),
        )
        return entries

    def _cron_retry_failed_replies(self):
        """Queue failed reply emails again, with back-off; never a sent one."""
        now = fields.Datetime.now()
        entries = self.search(
            [
                ("delivery_state", "=", "failed"),
                ("retry_count", "<", len(RETRY_DELAYS)),
                ("notification_id.failure_type", "in", RETRY_FAILURE_TYPES),
                # not one an administrator cancelled meanwhile
                ("notification_id.mail_mail_id.state", "=", "exception"),
            ]
        )
        due = entries.filtered(
            lambda e: (e.last_retry_date or e.notification_id.mail_mail_id.write_date)
            + timedelta(minutes=RETRY_DELAYS[e.retry_count])
            <= now
        )
        for entry in due:
            entry.notification_id.mail_mail_id.mark_outgoing()
            entry.notification_id.write(
                {
                    "notification_status": "ready",
                    "failure_type": False,
                    "failure_reason": False,
                }
            )
            entry.write({"retry_count": entry.retry_count + 1, "last_retry_date": now})
        if due:
            self.env["review.message"]._trigger_mail_queue()
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=0)
        return due
