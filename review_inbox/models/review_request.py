import logging
import secrets
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.sql import create_index

from ..tools import intake
from ..tools.jobs import commit_batch
from .review_token_mixin import LinkGone, hash_token, is_token, is_token_hash

_logger = logging.getLogger(__name__)

REQUEST_STATES = [
    ("scheduled", "Scheduled"),
    ("sent", "Sent"),
    ("rated", "Rated"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
]
CHANNELS = [
    ("email", "Email"),
    ("receipt", "Receipt"),
]
# A customer with a request in one of these states was asked (or will be):
# the company's cooldown counts them. A cancelled one was never sent.
ASKED_STATES = ("scheduled", "sent", "rated", "expired")
# Fields of a document that say when the customer bought, in this order.
DOCUMENT_DATE_FIELDS = ("date_order", "date", "create_date")
SEND_BATCH = 100


class RatingLinkGone(LinkGone):
    """The rating link was spent (rated), cancelled or expired (410)."""


class ReviewRequest(models.Model):
    """One request for a rating, sent to one customer about one document
    (an order, a visit).

    The bridges create them (``_create_requests``) when a document becomes
    eligible; the job ``_cron_send_review_requests`` emails the due ones,
    each with a one-time link to the rating page (``/review/rate/<token>``),
    whose answer becomes a review of the place (``_submit_rating``).
    """

    _name = "review.request"
    _inherit = ["review.token.mixin"]
    _description = "Rating Request"
    _order = "scheduled_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        readonly=True,
        help="Empty for an anonymous customer (a receipt's rating link).",
    )
    place_id = fields.Many2one(
        "review.place",
        string="Place",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
        readonly=True,
    )
    res_model = fields.Char(
        string="Document model", required=True, index=True, readonly=True
    )
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", required=True, readonly=True
    )
    document_name = fields.Char(
        string="Rated document",
        readonly=True,
        help="The document's name when the request was made.",
    )
    document_date = fields.Datetime(
        readonly=True, help="When the customer bought: the date of the document."
    )
    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="email",
        readonly=True,
        help="Email: sent by email when due. Receipt: the link is printed on "
        "the receipt.",
    )
    state = fields.Selection(
        REQUEST_STATES,
        required=True,
        default="scheduled",
        index=True,
        readonly=True,
        copy=False,
    )
    scheduled_date = fields.Datetime(
        required=True, index=True, default=fields.Datetime.now, readonly=True
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    review_id = fields.Many2one(
        "review.message",
        string="Review",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    rating = fields.Integer(related="review_id.rating")
    lang = fields.Char(
        string="Language",
        readonly=True,
        help="The customer's language: of the email, and of the rating page.",
    )
    send_error = fields.Text(
        readonly=True,
        copy=False,
        help="Why the email could not be prepared: the job skipped this "
        "request and does not try again.",
    )

    _sql_constraints = [
        (
            "document_uniq",
            "unique(res_model, res_id)",
            "A customer is asked once for a rating of one document.",
        ),
    ]

    def init(self):
        # the job's search: the due requests, a small part of the table
        create_index(
            self.env.cr,
            "review_request_due_idx",
            self._table,
            ["scheduled_date", "id"],
            where="state = 'scheduled' AND send_error IS NULL",
        )
        # the cooldown: a customer's recent requests
        create_index(
            self.env.cr,
            "review_request_partner_date_idx",
            self._table,
            ["partner_id", "scheduled_date"],
            where="partner_id IS NOT NULL",
        )

    @api.depends("place_id.company_id")
    def _compute_company_id(self):
        for request in self:
            request.company_id = request.place_id.company_id

    @api.depends("document_name", "partner_id", "place_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = " - ".join(
                name
                for name in (
                    request.document_name or request.place_id.name,
                    request.partner_id.name,
                )
                if name
            )

    @api.model
    def _token_validity(self, company):
        return company.review_request_link_validity

    # ------------------------------------------------------------------
    # Who is asked
    # ------------------------------------------------------------------

    @api.model
    def _create_requests(
        self,
        partner_ids,
        place,
        documents,
        channel="email",
        scheduled_date=None,
        tokens=None,
        token_hashes=None,
    ):
        """Ask the customers of ``documents`` for a rating of ``place``, by
        the rules; return the requests created.

        ``partner_ids`` holds the customer of each document, in the order of
        ``documents`` (``False`` for an anonymous one). Every customer is
        asked, whatever is known of them (review gating is forbidden), except
        one without an email address (unless the link goes on the receipt),
        on Odoo's blacklist, who opted out, or already asked by the company
        within its cooldown; and never twice about one document.

        ``scheduled_date`` is when the requests are due (now by default): one
        date for all, or a list of one date (or ``None``) per document.

        ``tokens`` (receipt channel only): the links already handed to the
        customers, made beforehand by the device that printed the receipt
        (offline too): a list of one raw token (or ``False``) per document.
        The request of a document with a token is created sent at its
        scheduled date, with that link: only the token's hash is stored. A
        token already known (sent twice, or reused for another document)
        creates nothing and changes nothing. ``token_hashes``, instead of
        ``tokens``: the same links known by their hash only (``hash_token``
        of each raw token), for a bridge that kept the hash and not the link.

        Called by the bridges from their documents' hooks, whoever the user:
        the requests are the addon's internals, created as superuser.
        """
        partner_ids = [
            partner.id if isinstance(partner, models.BaseModel) else partner
            for partner in partner_ids
        ]
        if len(partner_ids) != len(documents):
            raise ValueError("One customer (or False) per document.")
        place.ensure_one()
        if channel not in dict(CHANNELS):
            raise ValueError(f"Unknown channel {channel!r}")
        whens, digests = self._request_dates_and_tokens(
            documents, channel, scheduled_date, tokens, token_hashes
        )
        # sudo: internal bookkeeping, see the docstring
        Request = self.sudo()
        place = place.sudo()
        company = place.company_id
        partners = self.env["res.partner"].sudo().browse(filter(None, partner_ids))
        partners.fetch(["email_normalized", "review_request_opt_out", "lang"])
        emails = set(partners.mapped("email_normalized")) - {False}
        blacklisted = set()
        if emails:
            blacklisted = set(
                self.env["mail.blacklist"]
                .sudo()
                .search_fetch([("email", "in", list(emails))], ["email"])
                .mapped("email")
            )
        rated = {
            request.res_id
            for request in Request.search_fetch(
                [("res_model", "=", documents._name), ("res_id", "in", documents.ids)],
                ["res_id"],
            )
        }
        known_digests = set()
        if any(digests):
            known_digests = set(
                Request.search_fetch(
                    [("token_hash", "in", [digest for digest in digests if digest])],
                    ["token_hash"],
                ).mapped("token_hash")
            )
        # partner id -> the latest date they were asked (or will be) within
        # the cooldown of the earliest request to make
        last_asked = {}
        cooldown = timedelta(days=company.review_request_cooldown_days)
        if cooldown and partners:
            last_asked = {
                partner.id: last
                for partner, last in Request._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("partner_id", "in", partners.ids),
                        ("state", "in", ASKED_STATES),
                        ("scheduled_date", ">", min(whens) - cooldown),
                    ],
                    ["partner_id"],
                    ["scheduled_date:max"],
                )
            }
        company_lang = company.partner_id.lang
        asked = set()
        vals_list = []
        for partner_id, document, when, digest in zip(
            partner_ids, documents, whens, digests, strict=True
        ):
            partner = partners.browse(partner_id or [])
            if document.id in rated or (digest and digest in known_digests):
                continue
            recently_asked = partner.id in asked or (
                partner.id in last_asked and last_asked[partner.id] > when - cooldown
            )
            if partner and (
                partner.review_request_opt_out
                or partner.email_normalized in blacklisted
                or recently_asked
            ):
                continue
            if channel != "receipt" and not partner.email_normalized:
                continue
            rated.add(document.id)
            asked.add(partner.id)
            vals = {
                "partner_id": partner.id,
                "place_id": place.id,
                "res_model": document._name,
                "res_id": document.id,
                "document_name": document.sudo().display_name,
                "document_date": self._document_date(document),
                "channel": channel,
                "scheduled_date": when,
                "lang": partner.lang or company_lang,
            }
            if digest:
                known_digests.add(digest)
                # the link is in the customer's hands since the receipt
                vals.update(
                    Request._token_hash_values(digest, company, issued_date=when),
                    state="sent",
                    sent_date=when,
                )
            vals_list.append(vals)
        return Request.create(vals_list)

    @api.model
    def _request_dates_and_tokens(
        self, documents, channel, scheduled_date, tokens, token_hashes=None
    ):
        """``_create_requests``'s dates and the hashes of its tokens, one per
        document."""
        now = fields.Datetime.now()
        if isinstance(scheduled_date, list | tuple):
            if len(scheduled_date) != len(documents):
                raise ValueError("One scheduled date (or None) per document.")
            whens = [when or now for when in scheduled_date]
        else:
            whens = [scheduled_date or now] * len(documents)
        if tokens is None and token_hashes is None:
            return whens, [False] * len(documents)
        if tokens is not None and token_hashes is not None:
            raise ValueError("Tokens or their hashes, not both.")
        if channel != "receipt":
            raise ValueError("Only a receipt carries a link made beforehand.")
        if len(tokens if token_hashes is None else token_hashes) != len(documents):
            raise ValueError("One token (or False) per document.")
        if token_hashes is not None:
            if not all(is_token_hash(digest) for digest in token_hashes if digest):
                raise ValueError("A token's hash is hash_token's SHA-256.")
            return whens, list(token_hashes)
        if not all(is_token(token) for token in tokens if token):
            raise ValueError("A token is 256 random bits in base64url.")
        return whens, [hash_token(token) if token else False for token in tokens]

    @api.model
    def _document_date(self, document):
        document = document.sudo()  # read for the request, see _create_requests
        for name in DOCUMENT_DATE_FIELDS:
            field = document._fields.get(name)
            if field and field.type in ("date", "datetime") and document[name]:
                value = document[name]
                if field.type == "date":
                    return fields.Datetime.to_datetime(value)
                return value
        return False

    def _is_still_wanted(self):
        """The requests still worth sending, checked by the job at send time.

        The core keeps those whose document still exists; a bridge also
        drops those whose document no longer deserves a rating (cancelled,
        refunded meanwhile)."""
        wanted = self.browse()
        for res_model, requests in self.grouped("res_model").items():
            if res_model not in self.env:
                continue
            documents = self.env[res_model].sudo().browse(requests.mapped("res_id"))
            existing = documents.exists().ids
            wanted |= requests.filtered_domain([("res_id", "in", existing)])
        return wanted

    def _may_still_ask(self):
        """The requests whose customer may still be asked: one who opted out,
        was blacklisted or lost their address meanwhile is not."""
        emails = set(self.partner_id.mapped("email_normalized")) - {False}
        blacklisted = set()
        if emails:
            blacklisted = set(
                self.env["mail.blacklist"]
                .sudo()
                .search_fetch([("email", "in", list(emails))], ["email"])
                .mapped("email")
            )
        return self.filtered(
            lambda request: request.partner_id.email_normalized
            and request.partner_id.email_normalized not in blacklisted
            and not request.partner_id.review_request_opt_out
        )

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _get_rated_document_label(self):
        """What the customer rates, as the page and the email say it.

        The core says "Your visit to <place> on <date>"; a bridge names its
        document ("Order S00042")."""
        self.ensure_one()
        date = self.document_date or self.scheduled_date
        tz = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        local = fields.Datetime.context_timestamp(self.with_context(tz=tz), date)
        return self.env._(
            "Your visit to %(place)s on %(date)s",
            place=self.place_id.name,
            date=format_date(self.env, local.date(), date_format="long"),
        )

    def _rate_url(self, token):
        return f"{self.get_base_url()}/review/rate/{token}"

    def _send_request_mail(self):
        """Give the request its link and queue its email (see
        ``_send_request_mails``)."""
        self.ensure_one()
        return self._send_request_mails()

    def _send_request_mails(self):
        """Give each request its link and queue its email, in its customer's
        language; the raw tokens live only in the emails.

        The template is rendered once for all of them (Odoo compiles an
        email's template on each rendering call: one call per email would
        spend most of the time compiling). The links differ per email, so
        the rendering carries markers, random for each call, which are then
        replaced by each request's own links.
        """
        now = fields.Datetime.now()
        links = {}
        for request in self:
            token, token_values = request._new_token(request.company_id)
            request.write(dict(token_values, state="sent", sent_date=now))
            links[request.id] = (
                request._rate_url(token),
                request.partner_id._review_unsubscribe_url(),
            )
        marker = secrets.token_hex(16)
        rate_marker = f"review-rate-url-{marker}"
        unsubscribe_marker = f"review-unsubscribe-url-{marker}"
        template = self.env.ref("review_inbox.mail_template_review_request")
        rendered = template.with_context(
            review_rate_url=rate_marker,
            review_unsubscribe_url=unsubscribe_marker,
        )._generate_template(self.ids, ["subject", "body_html", "email_from"])
        vals_list = []
        for request in self:
            rate_url, unsubscribe_url = links[request.id]
            values = {
                name: value.replace(rate_marker, rate_url).replace(
                    unsubscribe_marker, unsubscribe_url
                )
                if isinstance(value, str)
                else value
                for name, value in rendered[request.id].items()
            }
            email_from = values.get("email_from") or request.company_id.email_formatted
            vals_list.append(
                {
                    "subject": values.get("subject"),
                    "body_html": values.get("body_html"),
                    "email_from": email_from or False,
                    "recipient_ids": [Command.link(request.partner_id.id)],
                    "headers": {
                        # RFC 8058: the mail client's one-click unsubscribe
                        "List-Unsubscribe": f"<{unsubscribe_url}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                        "X-Auto-Response-Suppress": "OOF",
                    },
                    # the one-time link must not outlive its sending
                    "auto_delete": True,
                    "state": "outgoing",
                }
            )
        return self.env["mail.mail"].sudo().create(vals_list)

    @api.model
    def _expire_requests(self):
        """Sent requests whose link expired unanswered."""
        expired = self.sudo().search(
            [("state", "=", "sent"), ("token_expiry", "<=", fields.Datetime.now())]
        )
        expired.write({"state": "expired"})
        return expired

    @api.model
    def _prepare_due_requests(self):
        """Make the requests that are pending elsewhere, before the job sends
        the due ones: a bridge whose documents only mark themselves
        (cheaply, at a till's sync) makes their requests here, so that those
        already due go out in the same run. Return the requests made: the
        core has none."""
        return self.browse()

    @api.model
    def _cron_send_review_requests(self, batch=SEND_BATCH):
        """Email the requests that are due, in batches.

        First the requests still to make are made (``_prepare_due_requests``).
        At send time each request is checked again: its document must still
        deserve a rating (``_is_still_wanted``) and its customer may still be
        asked (``_may_still_ask``); else it is cancelled. A batch is sent in
        one savepoint; should it fail, each email of it in its own: one that
        fails is logged, marked (``send_error``) and skipped, never tried
        again run after run, and never stops the others. Progress is
        committed between batches.
        """
        # sudo: a job over every company's requests
        Request = self.sudo()
        Request._prepare_due_requests()
        Request._expire_requests()
        domain = [
            ("state", "=", "scheduled"),
            ("channel", "=", "email"),
            ("scheduled_date", "<=", fields.Datetime.now()),
            ("send_error", "=", False),
        ]
        done = 0
        sent = Request.browse()
        while True:
            requests = Request.search(domain, order="scheduled_date, id", limit=batch)
            if not requests:
                break
            wanted = requests._is_still_wanted()._may_still_ask()
            (requests - wanted).write({"state": "cancelled"})
            try:
                # the whole batch at once, the fast way
                with self.env.cr.savepoint():
                    wanted._send_request_mails()
                sent |= wanted
            except Exception:
                # one of them fails: each alone, to send all the others
                sent |= wanted._send_request_mails_one_by_one()
            done += len(requests)
            if sent:
                self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
            commit_batch(self.env)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=Request.search_count(domain)
            )
        return sent

    def _send_request_mails_one_by_one(self):
        """Each email in its own savepoint: one that fails is logged, marked
        (``send_error``) and skipped. Return the requests sent."""
        sent = self.browse()
        for request in self:
            try:
                with self.env.cr.savepoint():
                    request._send_request_mails()
                sent |= request
            except Exception as error:
                _logger.exception(
                    "Rating request %s could not be sent: skipped.", request.id
                )
                request.write({"send_error": str(error) or type(error).__name__})
        return sent

    # ------------------------------------------------------------------
    # The rating page
    # ------------------------------------------------------------------

    def _link_status(self):
        """A rated request's link is used; a cancelled or expired one's is
        expired, whatever its date."""
        self.ensure_one()
        if self.state == "rated":
            return "used"
        if self.state in ("cancelled", "expired"):
            return "expired"
        return super()._link_status()

    def _submit_rating(self, rating, comment=None):
        """The customer's rating through the link, in one call: check it,
        spend the link, store the review. Return the review.

        :raise RatingLinkGone: the link was used, cancelled or expired
            (meanwhile, too); nothing is stored
        :raise IntakeError: the rating is not 1 to 5, or the comment is too
            long or holds control characters; the link stays valid
        """
        self.ensure_one()
        if self._link_status() != "valid":
            raise RatingLinkGone()
        rating = intake.clean_rating(self.env, rating, required=True)
        comment = intake.clean_text(self.env, comment, field="comment")
        if not self._claim_token():
            # rated meanwhile (double click, second tab): store nothing more
            raise RatingLinkGone()
        # sudo: the link is the customer's credential for this request
        review = (
            self.env["review.message"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(self._review_values(rating, comment))
        )
        self.sudo().write({"state": "rated", "review_id": review.id})
        return review

    def _review_values(self, rating, comment):
        """The values of the review a rating through this request stores,
        once checked. A bridge adds its document (``sale_order_id``...)."""
        self.ensure_one()
        return {
            "place_id": self.place_id.id,
            "partner_id": self.partner_id.id,
            "rating": rating,
            "body": comment,
            "source": "request",
            "review_type": "review",
            "request_id": self.id,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_cancel(self):
        """Managers cancel a request not sent yet."""
        self.check_access("write")
        if any(request.state != "scheduled" for request in self):
            raise UserError(self.env._("Only a scheduled request can be cancelled."))
        # sudo: the state changes only through this action, checked above
        self.sudo().write({"state": "cancelled"})
        return True

    def _document(self):
        self.ensure_one()
        if self.res_model not in self.env:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    def action_open_document(self):
        self.ensure_one()
        self.check_access("read")
        document = self._document()
        if document is None:
            raise UserError(self.env._("The rated document no longer exists."))
        if not document.has_access("read"):
            raise UserError(
                self.env._(
                    "You are not allowed to open %(document)s.",
                    document=self.document_name or self.env._("the rated document"),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "res_id": document.id,
            "views": [(False, "form")],
            "target": "current",
        }
