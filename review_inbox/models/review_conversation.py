import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.intake import IntakeError, clean_text
from ..tools.jobs import commit_batch
from .review_token_mixin import LinkGone

_logger = logging.getLogger(__name__)

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


class ReplyLinkGone(LinkGone):
    """The one-time link can no longer be used: spent or expired (410)."""


class ReplyAnswerRefused(ValidationError):
    """The customer's answer is refused as written (400); the link stays
    valid, so the customer can fix it and send again."""


class ReviewConversationEntry(models.Model):
    _name = "review.conversation.entry"
    _inherit = ["review.token.mixin"]
    _description = "Customer Conversation Entry"
    _order = "date, id"

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
    lang = fields.Char(
        string="Language",
        copy=False,
        readonly=True,
        help="The customer's language when the reply was sent (the email's): "
        "its link's pages, thank-you and error pages included, speak it.",
    )
    source = fields.Selection(
        [("web", "Reply page"), ("email", "Email")],
        help="How a customer answer arrived.",
    )
    # The one-time link of a staff reply: token_hash, token_expiry and
    # token_used_date (review.token.mixin).
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
    notify_failed = fields.Boolean(
        copy=False,
        readonly=True,
        help="Putting this customer answer in the chatter failed (see the "
        "server log): the job skipped it and does not try again.",
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
    # One-time link (review.token.mixin)
    # ------------------------------------------------------------------

    @api.model
    def _token_validity(self, company):
        return company.review_reply_link_validity

    def _submit_customer_answer(self, text):
        """The customer's answer through the link of this staff entry, in
        one call (as ``rating_apply``): check the text, claim the link, store
        the answer on the review. Return the new customer entry.

        :raise ReplyLinkGone: the link was used or expired (meanwhile, too)
        :raise ReplyAnswerRefused: the text is empty, too long or holds
            control characters; the link stays valid
        """
        self.ensure_one()
        if self._link_status() != "valid":
            raise ReplyLinkGone()
        try:
            text = clean_text(
                self.env, text, self.env._("Write your message before sending it.")
            )
        except IntakeError as error:
            raise ReplyAnswerRefused(error.args[0]) from error
        if not self._claim_token():
            # used meanwhile (double click, second tab): store nothing more
            raise ReplyLinkGone()
        return self.review_id._receive_customer_answer(text, "web")

    def _staff_shown_names(self):
        """{entry id: name} of the staff entries, as the customer sees their
        authors: first name, or full name when the company says so."""
        return {
            entry.id: entry.review_id._staff_shown_name(entry.author_id)
            for entry in self
            if entry.author_type == "staff"
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_mark_read(self):
        return self.review_id.action_mark_read()

    @api.model
    def _cron_notify_customer_answers(self, batch=200):
        """Customer answers from the reply page: into the chatter, and told
        to the staff. Triggered by each answer.

        Each answer in its own savepoint: one that fails is logged, marked
        (``notify_failed``) and skipped, never tried again run after run,
        and never stops the others. Progress is committed between batches.
        """
        # sudo: a job over every company's answers
        Entry = self.sudo()
        domain = [("notify_pending", "=", True)]
        processed = Entry.browse()
        while True:
            entries = Entry.search(domain, order="id", limit=batch)
            if not entries:
                break
            for entry in entries:
                try:
                    with self.env.cr.savepoint():
                        entry.review_id._notify_customer_answer(entry)
                        entry.notify_pending = False
                except Exception:
                    _logger.exception(
                        "Customer answer %s (review %s) could not reach the "
                        "chatter and the staff: skipped.",
                        entry.id,
                        entry.review_id.id,
                    )
                    entry.write({"notify_pending": False, "notify_failed": True})
            processed |= entries
            commit_batch(self.env)
            self.env["ir.cron"]._notify_progress(
                done=len(processed), remaining=Entry.search_count(domain)
            )
        return processed

    def _cron_retry_failed_replies(self):
        """Queue failed reply emails again, with back-off; never a sent one.

        Each reply in its own savepoint: one that fails is logged and not
        retried again (its retries are spent); the others go on.
        """
        now = fields.Datetime.now()
        # Given up: the link expired before its email could be sent. The
        # email goes, and its raw token with it.
        self.search(
            [
                ("delivery_state", "=", "failed"),
                ("token_expiry", "<=", now),
                ("notification_id.mail_mail_id", "!=", False),
            ]
        ).notification_id.mail_mail_id.unlink()
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
        retried = self.browse()
        for entry in due:
            try:
                with self.env.cr.savepoint():
                    entry._requeue_reply_mail()
                    entry.write(
                        {"retry_count": entry.retry_count + 1, "last_retry_date": now}
                    )
                retried |= entry
            except Exception:
                _logger.exception(
                    "Reply email of entry %s (review %s) could not be queued "
                    "again: no more retries.",
                    entry.id,
                    entry.review_id.id,
                )
                entry.write({"retry_count": len(RETRY_DELAYS), "last_retry_date": now})
        if retried:
            self.env["review.message"]._trigger_mail_queue()
        commit_batch(self.env)
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=0)
        return retried

    @api.model
    def _scrub_reply_mails(self, mails):
        """Remove the one-time link from reply emails that will not be sent
        (cancelled, given up): no raw token outlives the delivery of its
        email. A sent one is deleted already (``auto_delete``)."""
        if not mails:
            return
        entries = self.sudo().search(
            [("notification_id.mail_mail_id", "in", mails.ids)]
        )
        reply_mails = entries.notification_id.mail_mail_id.filtered(
            lambda mail: mail.state != "sent"
        )
        if reply_mails:
            reply_mails.write(
                {
                    "body_html": Markup("<p>%s</p>")
                    % self.env._(
                        "This reply was not delivered: its one-time link was "
                        "removed."
                    )
                }
            )

    def _resend_reply(self):
        """Resend a reply from the chatter: its own email, with its link.

        The failed email goes back to the queue as it is; when it is gone
        (given up, or deleted by Odoo) or its link expired, the reply gets a
        new link and a new email, and the old link stops working.
        """
        self.ensure_one()
        mail = self.notification_id.mail_mail_id
        if mail.state == "exception" and self._link_status() == "valid":
            self._requeue_reply_mail()
            return
        if self.token_used_date:
            raise UserError(
                self.env._(
                    "The customer already answered through this reply: send a "
                    "new reply instead."
                )
            )
        mail.unlink()
        token, token_values = self._new_token(self.review_id.company_id)
        self.write(token_values)
        new_mail = self.review_id._reply_mail_create(self, token, self.message_id)
        self.notification_id.write(
            {
                "mail_mail_id": new_mail.id,
                "notification_status": "ready",
                "failure_type": False,
                "failure_reason": False,
            }
        )

    def _requeue_reply_mail(self):
        """Put the reply's own email (its link in it) back in the queue."""
        self.ensure_one()
        self.notification_id.mail_mail_id.mark_outgoing()
        self.notification_id.write(
            {
                "notification_status": "ready",
                "failure_type": False,
                "failure_reason": False,
            }
        )
