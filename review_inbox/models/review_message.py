import json
import logging
from collections import defaultdict

import pytz
from lxml import html as lxml_html
from markupsafe import Markup

from odoo import Command, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import (
    SQL,
    email_normalize,
    email_split,
    format_datetime,
    format_time,
    formataddr,
    frozendict,
    html2plaintext,
    html_sanitize,
    parse_contact_from_email,
    plaintext2html,
)
from odoo.tools.sql import create_index

from odoo.addons.web.models.models import SEARCH_PANEL_ERROR_MESSAGE

from ..tools import intake, purchase_figures, sla
from ..tools.jobs import commit_batch
from ..tools.names import first_name
from ..tools.review_api import (
    API_EXPORT_FIELDS,
    ImportContext,
    ReviewApiError,
    api_datetime,
)
from ..tools.review_import import ImportConverter

_logger = logging.getLogger(__name__)

PRIORITIES = [
    ("hold", "Customers on hold"),
    ("alert", "Alerts"),
    ("new", "New messages"),
]
STATES = [
    ("inbox", "Inbox"),
    ("done", "Done"),
    ("spam", "Spam"),
]
REVIEW_TYPES = [
    ("review", "Review"),
    ("message", "Message"),
    ("question", "Question"),
    ("suggestion", "Suggestion"),
    ("complaint", "Complaint"),
]
SOURCES = [
    ("web", "Review form"),
    ("email", "Email"),
    ("api", "API"),
    ("import", "Import"),
    ("manual", "Entered by hand (paper, phone)"),
    ("request", "Rating request"),
]
CONVERSATION_STATES = [
    ("none", "No conversation"),
    ("awaiting", "Awaiting Customer Reply"),
    ("unread", "Unread Customer Reply"),
    ("pending", "Pending Action"),
]
SLA_STATUSES = [
    ("running", "Running"),
    ("due_soon", "Due soon"),
    ("late", "Late"),
    ("met", "Met"),
    ("missed", "Missed"),
]
# "Ratings received" puts what needs staff first.
CONVERSATION_RANKS = {"unread": 0, "pending": 1, "awaiting": 2, "none": 3}

# Fields only the review's own actions change (through sudo, after checking
# write access): written directly they would leave no trace in the chatter.
PROTECTED_FIELDS = {
    "state",
    "conversation_state",
    "conversation_date",
    "conversation_author_id",
    "is_on_hold",
    "hold_reason",
    "is_treated",
    "is_delegated",
    "delegated_to",
    "last_action_date",
    "reply_not_delivered",
    "source",
    "external_ref",
    "company_id",
    "request_id",
    "first_response_date",
    "first_response_hours",
    "sla_deadline",
    "sla_status",
    "sla_escalated",
}
# What an intake path may say of a new review: where it came from.
CREATE_ALLOWED_PROTECTED = {"source", "external_ref", "company_id"}

# The deadline job: reviews per batch; late alerts listed in one notice.
SLA_BATCH = 500
SLA_NOTICE_LINES = 50
# Late alerts whose escalation is still to be sent (a partial index).
SLA_ESCALATION_WHERE = (
    "sla_status = 'late' AND is_alert AND sla_escalated IS NOT TRUE"
    " AND state = 'inbox' AND first_response_date IS NULL"
)

# Bus notifications of the live inbox (static/src/live/): the Inbox of these
# reviews changed; someone is writing a reply to this review.
INBOX_CHANGED = "review_inbox/inbox_changed"
REPLYING = "review_inbox/replying"
# Characters of a new alert's text in its pop-up notification.
ALERT_PREVIEW_LENGTH = 120

REVIEW_TYPE_ICONS = {
    "review": "fa-star",
    "message": "fa-envelope",
    "question": "fa-question-circle",
    "suggestion": "fa-lightbulb-o",
    "complaint": "fa-exclamation-circle",
}


class ReviewReplyConflict(UserError):
    """A colleague answered the customer after the conversation the sender
    had in view: the web client asks before sending anyway."""


class ReviewMessage(models.Model):
    _name = "review.message"
    _description = "Customer Review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "review_date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "write"

    place_id = fields.Many2one(
        "review.place",
        string="Place",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
        readonly=True,
    )
    place_group_ids = fields.Many2many(
        related="place_id.group_ids", string="Groups of places"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    partner_name = fields.Char(
        related="partner_id.name",
        store=True,
        precompute=True,
        index="trigram",
        string="Customer name",
        help="Stored with the review: searched with the review's text.",
    )
    # read with the user's rights: the customer's contact is theirs to see
    partner_phone = fields.Char(
        related="partner_id.phone", string="Phone", compute_sudo=False
    )
    partner_mobile = fields.Char(
        related="partner_id.mobile", string="Mobile", compute_sudo=False
    )
    partner_email = fields.Char(
        related="partner_id.email", string="Email", compute_sudo=False
    )
    partner_review_count = fields.Integer(
        compute="_compute_partner_review_count", string="Customer's reviews"
    )
    rating = fields.Integer(
        aggregator="avg", help="From 1 to 5 stars; 0 when the customer gave none."
    )
    # The stars of the views: empty (False) without a rating, never "0 stars".
    # "0" stays first: the priority widget draws one star per later value.
    rating_stars = fields.Selection(
        [(str(n), str(n)) for n in range(6)],
        compute="_compute_rating_stars",
        string="Stars",
    )
    body = fields.Text(
        string="Review", index="trigram", help="What the customer wrote, verbatim."
    )
    body_preview = fields.Char(string="Verbatim", compute="_compute_body_preview")
    review_date = fields.Datetime(
        string="Date", required=True, index=True, default=fields.Datetime.now
    )
    review_type = fields.Selection(
        REVIEW_TYPES, string="Type", required=True, default="review", index=True
    )
    review_type_icon = fields.Char(compute="_compute_review_type_icon")
    review_icons = fields.Json(
        string="Icons",
        compute="_compute_review_icons",
        help="Alert, type and categories of the review, as small icons.",
    )
    category_ids = fields.Many2many(
        "review.category",
        "review_message_category_rel",
        "message_id",
        "category_id",
        string="Categories",
    )
    category_key = fields.Char(
        compute="_compute_category_key",
        store=True,
        precompute=True,
        help="The ids of the categories, in their order: the inbox shows their "
        "icons without reading the categories of each page.",
    )
    is_alert = fields.Boolean(
        string="Alert",
        compute="_compute_is_alert",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Strong dissatisfaction: set from the rating and the company's alert "
        "threshold unless the source says otherwise; staff can set or clear it.",
    )
    is_on_hold = fields.Boolean(string="On hold", readonly=True, copy=False)
    hold_reason = fields.Char(readonly=True, copy=False)
    priority = fields.Selection(
        PRIORITIES,
        compute="_compute_priority",
        store=True,
        precompute=True,
        group_expand=True,
    )
    state = fields.Selection(
        STATES, default="inbox", required=True, index=True, copy=False, readonly=True
    )
    is_treated = fields.Boolean(
        string="Treated",
        copy=False,
        readonly=True,
        help="Someone acted on this review (call, reply, note, forward...).",
    )
    is_delegated = fields.Boolean(
        string="Delegated", copy=False, readonly=True, index=True
    )
    delegated_to = fields.Char(string="Delegated to", copy=False, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        index="btree_not_null",
        tracking=True,
        domain=[("share", "=", False)],
    )
    user_partner_id = fields.Many2one(
        "res.partner",
        related="user_id.partner_id",
        store=True,
        precompute=True,
        string="Assignee's contact",
        help="Stored with the review: the inbox shows the assignees' names "
        "without reading the users of each page.",
    )
    # The customer's, not the review's: one value per customer, provided by
    # headquarters; shown read-only to staff, edited by review managers.
    customer_properties = fields.Properties(
        string="Customer information",
        related="partner_id.review_customer_properties",
        definition="company_id.review_properties_definition",
        # written by _write_customer_properties only (the form makes it
        # editable for managers)
        readonly=True,
        # not stored: nothing to compute before a review is inserted (a
        # Properties field is precomputed by default: one query more)
        precompute=False,
    )
    can_edit_customer_properties = fields.Boolean(
        compute="_compute_can_edit_customer_properties"
    )
    last_action_date = fields.Datetime(readonly=True, copy=False)
    source = fields.Selection(
        SOURCES,
        default="manual",
        required=True,
        index=True,
        # a copy is a review entered by hand, whatever the original's source
        copy=False,
        help="How the review arrived.",
    )
    external_ref = fields.Char(
        string="External reference",
        index="btree_not_null",
        copy=False,
        help="Identifier of the review in its source (review platform, survey "
        "tool...): posting it again updates the review instead of duplicating it.",
    )
    request_id = fields.Many2one(
        "review.request",
        string="Rating request",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The rating request this review answers, and with it the rated "
        "document.",
    )
    # The customer's purchases (customer panel), from the bridges: see
    # _customer_purchase_figures
    company_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", string="Company currency"
    )
    customer_purchase_amount_12m = fields.Monetary(
        string="Purchases, last 12 months",
        compute="_compute_customer_purchase_figures",
        currency_field="company_currency_id",
    )
    customer_purchase_amount_total = fields.Monetary(
        string="Purchases in total",
        compute="_compute_customer_purchase_figures",
        currency_field="company_currency_id",
    )
    customer_order_count = fields.Integer(
        string="Orders", compute="_compute_customer_purchase_figures"
    )
    customer_last_order_date = fields.Datetime(
        string="Last order", compute="_compute_customer_purchase_figures"
    )
    # Customer conversation
    conversation_entry_ids = fields.One2many(
        "review.conversation.entry",
        "review_id",
        string="Customer conversation",
        readonly=True,
    )
    conversation_state = fields.Selection(
        CONVERSATION_STATES,
        string="Conversation",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    conversation_rank = fields.Integer(
        compute="_compute_conversation_rank", store=True, precompute=True, index=True
    )
    conversation_date = fields.Datetime(string="Last update", readonly=True, copy=False)
    conversation_author_id = fields.Many2one(
        "res.partner", string="Last update by", readonly=True, copy=False
    )
    reply_not_delivered = fields.Boolean(
        string="Reply not delivered",
        compute="_compute_reply_not_delivered",
        store=True,
        precompute=True,
        index=True,
    )
    # Response times and deadlines (written by the actions and the SLA job)
    first_response_date = fields.Datetime(
        string="First response",
        readonly=True,
        copy=False,
        help="When the customer was first answered: a reply sent, a call "
        "logged as reached, or a delegation to customer service.",
    )
    first_response_hours = fields.Float(
        string="First response (hours)",
        compute="_compute_first_response_hours",
        store=True,
        precompute=True,
        aggregator="avg",
        digits=(16, 2),
        help="Hours from the review's date to its first response.",
    )
    sla_deadline = fields.Datetime(
        string="Answer due by",
        compute="_compute_sla_deadline",
        store=True,
        precompute=True,
        copy=False,
        help="The review's date plus the company's target: the one for alerts "
        "or the one for any other review.",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="Deadline",
        compute="_compute_sla_status",
        store=True,
        precompute=True,
        index="btree_not_null",
        copy=False,
        help="Running, due soon (less than a quarter of the target left), late "
        "(deadline passed without a response), met or missed (answered by the "
        "deadline or after it). Spam has none; nor has a review marked as done "
        "unanswered before its deadline.",
    )
    sla_escalated = fields.Boolean(
        string="Late alert escalated",
        readonly=True,
        copy=False,
        help="The place's escalation users were told that this alert is late: "
        "they are told once.",
    )

    # Columns of the import template: the Import screen only maps a file's
    # columns to fields, so they are fields; load() reads them itself.
    place_code = fields.Char(
        compute="_compute_import_columns", inverse="_inverse_import_columns"
    )
    customer_name = fields.Char(
        compute="_compute_import_columns", inverse="_inverse_import_columns"
    )
    customer_email = fields.Char(
        compute="_compute_import_columns", inverse="_inverse_import_columns"
    )
    customer_phone = fields.Char(
        compute="_compute_import_columns", inverse="_inverse_import_columns"
    )

    _sql_constraints = [
        (
            "external_ref_uniq",
            "unique(company_id, source, external_ref)",
            "A review with this external reference already exists for this source.",
        ),
        (
            "rating_range",
            "CHECK(rating >= 0 AND rating <= 5)",
            "A rating goes from 0 (no rating) to 5.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.depends("partner_id", "place_id")
    def _compute_display_name(self):
        for review in self:
            review.display_name = " - ".join(
                name for name in (review.partner_id.name, review.place_id.name) if name
            ) or _("Review")

    @api.depends("place_id.company_id")
    def _compute_company_id(self):
        for review in self:
            # before its place is chosen, a review entered by hand is of the
            # current company: its places are then the ones offered
            review.company_id = review.place_id.company_id or self.env.company

    @api.depends("rating", "place_id")
    def _compute_is_alert(self):
        for review in self:
            threshold = (review.company_id or self.env.company).review_alert_threshold
            review.is_alert = 0 < review.rating <= threshold

    @api.depends("is_on_hold", "is_alert")
    def _compute_priority(self):
        for review in self:
            if review.is_on_hold:
                review.priority = "hold"
            elif review.is_alert:
                review.priority = "alert"
            else:
                review.priority = "new"

    @api.depends("body")
    def _compute_body_preview(self):
        for review in self:
            review.body_preview = " ".join((review.body or "").split())[:200]

    @api.depends("conversation_state")
    def _compute_conversation_rank(self):
        for review in self:
            review.conversation_rank = CONVERSATION_RANKS[review.conversation_state]

    @api.depends("conversation_entry_ids.delivery_state")
    def _compute_reply_not_delivered(self):
        # One grouped query for the failed replies (a handful), rather than
        # reading every entry of the conversations: each customer answer
        # recomputes this. A review being created (precomputed) has only the
        # entries it is given, in memory: no query.
        failed = set()
        if self._origin.ids:
            failed = {
                review.id
                for [review] in self.env["review.conversation.entry"]
                .sudo()
                ._read_group(
                    [
                        ("review_id", "in", self._origin.ids),
                        ("delivery_state", "in", ("failed", "canceled")),
                    ],
                    ["review_id"],
                )
            }
        for review in self:
            if review._origin.id:
                review.reply_not_delivered = review._origin.id in failed
            else:
                review.reply_not_delivered = any(
                    entry.delivery_state in ("failed", "canceled")
                    for entry in review.conversation_entry_ids
                )

    @api.depends("first_response_date", "review_date")
    def _compute_first_response_hours(self):
        # 0 while unanswered: averages are taken over answered reviews
        for review in self:
            hours = 0.0
            if review.first_response_date and review.review_date:
                seconds = (
                    review.first_response_date - review.review_date
                ).total_seconds()
                hours = max(seconds, 0.0) / 3600
            review.first_response_hours = hours

    @api.depends("review_date", "is_alert", "company_id")
    def _compute_sla_deadline(self):
        # Not on the company's targets: a change of target moves the
        # deadlines of the open reviews only (res.company.write), never the
        # whole history's.
        for review in self:
            company = review.company_id or self.env.company
            review.sla_deadline = company._review_sla_deadline(
                review.review_date, review.is_alert
            )

    @api.depends("state", "first_response_date", "sla_deadline", "last_action_date")
    def _compute_sla_status(self):
        # Time moves statuses too: the job ir_cron_review_sla does, with
        # the same rules (tools/sla.py, status_sql).
        now = fields.Datetime.now()
        for review in self:
            review.sla_status = sla.status_at(
                now,
                state=review.state,
                review_date=review.review_date,
                deadline=review.sla_deadline,
                responded=review.first_response_date,
                closed=review.last_action_date,
            )

    @api.depends("rating")
    def _compute_rating_stars(self):
        for review in self:
            review.rating_stars = str(review.rating) if review.rating else False

    @api.depends("review_type")
    def _compute_review_type_icon(self):
        for review in self:
            review.review_type_icon = REVIEW_TYPE_ICONS.get(review.review_type, "")

    @api.depends("category_ids")
    def _compute_category_key(self):
        for review in self.with_context(active_test=False):
            categories = review.category_ids._origin
            if categories and not review._origin.id:
                # given to a review being created (precomputed), in any order
                categories = categories.sorted()
            review.category_key = ",".join(map(str, categories.ids)) or False

    @api.depends("review_type", "category_key", "is_alert")
    def _compute_review_icons(self):
        types = dict(self._fields["review_type"]._description_selection(self.env))
        categories = self.env["review.category"]._icon_data()
        for review in self:
            # in the categories' order; archived ones are left out
            keys = set((review.category_key or "").split(","))
            category_ids = [i for i in categories if str(i) in keys]
            icons = []
            if review.is_alert:
                icons.append(
                    {
                        "icon": "fa-exclamation-triangle",
                        "class": "text-danger",
                        "title": _("Dissatisfaction alert"),
                    }
                )
            if review.review_type:
                icons.append(
                    {
                        "icon": REVIEW_TYPE_ICONS[review.review_type],
                        "class": "text-primary",
                        "title": types[review.review_type],
                    }
                )
            icons += [
                {
                    "icon": categories[category_id][0],
                    "class": "text-muted",
                    "title": categories[category_id][1],
                }
                for category_id in category_ids
                if category_id in categories
            ]
            review.review_icons = icons

    # ------------------------------------------------------------------
    # Reading the inbox: a fixed number of queries per page, whatever its
    # size (see the benchmark in docs/benchmarks.md)
    # ------------------------------------------------------------------

    def init(self):
        self._init_sync_txid()
        # The open Inbox is a few percent of the reviews: partial indexes on
        # it serve its pages, counts and groups without going through the
        # history. The kanban over every status orders each priority by date.
        cr = self.env.cr
        create_index(
            cr,
            "review_message_inbox_date_index",
            self._table,
            ["review_date DESC", "id DESC"],
            where="state = 'inbox'",
        )
        create_index(
            cr,
            "review_message_inbox_place_priority_index",
            self._table,
            ["place_id", "priority"],
            where="state = 'inbox'",
        )
        create_index(
            cr,
            "review_message_priority_date_index",
            self._table,
            ["priority", "review_date DESC", "id DESC"],
        )
        # The deadline job: the open reviews that time moves, and the late
        # alerts still to escalate (a handful).
        create_index(
            cr,
            "review_message_sla_open_index",
            self._table,
            ["sla_deadline", "id"],
            where="state = 'inbox' AND first_response_date IS NULL"
            " AND sla_status IN ('running', 'due_soon')",
        )
        create_index(
            cr,
            "review_message_sla_escalation_index",
            self._table,
            ["id"],
            where=SLA_ESCALATION_WHERE,
        )
        # Text search in the Inbox: trigram indexes of its own rows only (the
        # ones of the fields serve the other statuses).
        if self.env.registry.has_trigram:
            for column in ("body", "partner_name"):
                create_index(
                    cr,
                    f"review_message_inbox_{column}_index",
                    self._table,
                    [f"{column} gin_trgm_ops"],
                    method="gin",
                    where="state = 'inbox'",
                )

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # Reading records checks the company rule on each of them, in Python:
        # fetched with the rows, company_id costs no second query.
        extra = ["company_id"]
        if "user_id" in field_names:
            extra.append("user_partner_id")  # see _prefetch_partners
        field_names = [*field_names, *(f for f in extra if f not in field_names)]
        return super().search_fetch(domain, field_names, offset, limit, order)

    @api.readonly
    def web_read(self, specification):
        self._prefetch_partners(specification)
        return super().web_read(specification)

    def _prefetch_partners(self, specification):
        """Load customers, last conversation authors and assignees' partners
        in one query, instead of one per field (and the users of the
        assignees in none, see _prefetch_assignees)."""
        fields = [
            name
            for name in ("partner_id", "conversation_author_id", "user_id")
            if "display_name" in specification.get(name, {}).get("fields", {})
        ]
        if not fields or fields == ["partner_id"]:
            return
        # sudo: web_read itself reads these display names as superuser; the
        # rules of partners and users would cost a query of the companies.
        reviews = self.sudo()
        partners = self.env["res.partner"].sudo()
        for name in fields:
            if name == "user_id":
                partners |= reviews._prefetch_assignees()
            else:
                partners |= reviews[name]
        # Reading one field fetches every column of all of them at once.
        partners.mapped("complete_name")

    def _prefetch_assignees(self):
        """The partners of the assignees, from the reviews (user_partner_id),
        also put in the cache of the users: their display name, their
        partner's name, then needs no reading of the users."""
        field = self.env["res.users"]._fields["partner_id"]
        cache = self.env.cache
        partner_of = {}
        for review in self:
            if review.user_id and review.user_partner_id:
                partner_of[review.user_id] = review.user_partner_id
        missing = [user for user in partner_of if not cache.contains(user, field)]
        if missing:
            users = self.env["res.users"].sudo().browse([u.id for u in missing])
            cache.update(users, field, [partner_of[u].id for u in missing])
        return self.env["res.partner"].sudo().union(*partner_of.values())

    @api.depends_context("uid")
    def _compute_can_edit_customer_properties(self):
        allowed = self.env.user.has_group("review_inbox.group_review_inbox_manager")
        for review in self:
            review.can_edit_customer_properties = allowed and bool(review.partner_id)

    @api.depends("partner_id")
    def _compute_partner_review_count(self):
        partners = self.partner_id
        counts = {}
        if partners:
            counts = dict(
                self._read_group(
                    [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
                )
            )
        for review in self:
            review.partner_review_count = counts.get(review.partner_id, 0)

    @api.depends("partner_id", "company_id")
    def _compute_customer_purchase_figures(self):
        """The purchases of each review's customer (its commercial partner)
        with the review's company, for all the reviews at once: one call of
        ``_customer_purchase_figures`` per company."""
        # The bridges read the orders behind the figures as superuser: only
        # for the reviews the user may read (new records have no rule).
        readable = self._filtered_access("read").filtered("partner_id")
        figures = {}
        for company, reviews in readable.grouped("company_id").items():
            # sudo: the customers of reviews the user may read (checked above)
            partners = reviews.partner_id.sudo().commercial_partner_id
            for partner_id, values in self._customer_purchase_figures(
                partners, company
            ).items():
                figures[company.id, partner_id] = values
        for review in self:
            values = None
            if review in readable:
                partner = review.partner_id.sudo()  # see above
                values = figures.get(
                    (review.company_id.id, partner.commercial_partner_id.id)
                )
            values = values or purchase_figures.EMPTY_FIGURES
            review.customer_purchase_amount_12m = values["amount_12m"]
            review.customer_purchase_amount_total = values["amount_total"]
            review.customer_order_count = values["order_count"]
            review.customer_last_order_date = values["last_order_date"]

    @api.model
    def _customer_purchase_figures(self, partners, company):
        """The purchases of ``partners`` (commercial partners) with
        ``company``: ``{partner_id: {"amount_12m", "amount_total",
        "order_count", "last_order_date"}}``, amounts in the company's
        currency (see ``tools/purchase_figures.py``).

        The core knows no order: it returns ``{}``. A bridge adds its own
        orders' figures, read in one grouped query for all the partners::

            figures = super()._customer_purchase_figures(partners, company)
            mine = purchase_figures.read_purchase_figures(...)
            return purchase_figures.merge_purchase_figures(figures, mine)

        Called only for the customers of reviews the user may read: a bridge
        may read its orders as superuser.
        """
        return {}

    @api.constrains("rating")
    def _check_rating(self):
        # the rule of every intake path; rating_range guards the table itself
        for review in self:
            intake.clean_rating(self.env, review.rating)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def _protected_fields(self):
        """Fields that only the review's actions write; bridges add theirs."""
        return set(PROTECTED_FIELDS)

    def _check_protected_fields(self, fields_written, allowed=()):
        if self.env.su:
            return
        protected = (self._protected_fields() - set(allowed)) & set(fields_written)
        if protected:
            labels = sorted(self._fields[name].string for name in protected)
            raise AccessError(
                _(
                    "These fields change only through the review's actions "
                    "(Mark as Done, Reply, Put on hold...): %(fields)s.",
                    fields=", ".join(labels),
                )
            )

    def _check_relations(self, vals):
        """The place, customer and assignee a user writes must be theirs to
        use: Odoo checks record rules before a write, not the records a
        write points to."""
        if self.env.su:
            return
        if vals.get("place_id"):
            # raises AccessError for a place of another company, or one the
            # user is not staff of
            self.env["review.place"].browse(vals["place_id"]).check_access("read")
        if vals.get("partner_id"):
            self.env["res.partner"].browse(vals["partner_id"]).check_access("read")

    def _check_assignee(self):
        """An assignee is an internal user who can read the review, as the
        co-worker of Forward to a co-worker."""
        for review in self.filtered("user_id"):
            user = review.user_id.sudo()  # the assignee's own rights are tested
            allowed = not user.share and review.with_user(user).with_context(
                allowed_company_ids=user.company_ids.ids
            ).has_access("read")
            if not allowed:
                raise UserError(
                    _(
                        "%(user)s cannot access the reviews of %(place)s.",
                        user=user.display_name,
                        place=review.place_id.display_name,
                    )
                )

    @api.model
    def _can_enter_reviews(self):
        """Reviews come from the customers: by hand, only review managers
        enter one (received on paper or by phone: source manual). The
        public form, the mail gateway and the bridges create theirs as
        superuser after their own checks; the API its own way
        (_create_from_intake)."""
        return self.env.su or self.env.user.has_group(
            "review_inbox.group_review_inbox_manager"
        )

    @api.model
    def _check_can_enter_reviews(self):
        if not self._can_enter_reviews():
            raise AccessError(
                _(
                    "Reviews come from the customers: only a review manager "
                    "enters one by hand (received on paper or by phone) or "
                    "duplicates one."
                )
            )

    @api.model
    def _create_from_intake(self, vals_list):
        """Create the reviews an intake path checked (the API), as its user.

        Place staff enter no review by hand (create() refuses them), but
        their API key posts their places' reviews from a review platform:
        the checks create() makes as the user apply, then the reviews are
        created as superuser.
        """
        if self._can_enter_reviews():
            return self.create(vals_list)
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("source", "manual") == "manual":
                self._check_can_enter_reviews()
            if not vals.get("place_id"):
                raise ValidationError(_("A review needs a place."))
            self._check_protected_fields(vals, allowed=CREATE_ALLOWED_PROTECTED)
            self._check_relations(vals)
        properties = [vals.pop("customer_properties", None) for vals in vals_list]
        # sudo: checked above as the user, and by the intake path
        reviews = self.sudo().create(vals_list).with_env(self.env)
        reviews.check_access("write")  # the user's places only
        reviews._check_assignee()
        for review, value in zip(reviews, properties, strict=True):
            if value:
                review._write_customer_properties(value)  # managers only
        return reviews

    @api.model_create_multi
    def create(self, vals_list):
        if not vals_list:
            return self.browse()
        # before the access rights' own refusal, which says less
        self._check_can_enter_reviews()
        for vals in vals_list:
            if not vals.get("place_id"):
                raise ValidationError(_("A review needs a place."))
            intake.clean_rating(self.env, vals.get("rating") or 0)
            self._check_protected_fields(vals, allowed=CREATE_ALLOWED_PROTECTED)
            self._check_relations(vals)
        places = self.env["review.place"].browse(
            {vals["place_id"] for vals in vals_list}
        )
        company_of_place = {place.id: place.company_id.id for place in places.sudo()}
        for vals in vals_list:
            # The company is the place's, whatever was given; the customer
            # properties are read against its definition: it must be known
            # before they are stored.
            vals["company_id"] = company_of_place[vals["place_id"]]
        properties = [vals.pop("customer_properties", None) for vals in vals_list]
        Reviews = self
        companies = set(company_of_place.values())
        if self.env.su and len(companies) == 1:
            # The customers' ways in (form, email, rating, bridges) create as
            # superuser, in the company of their request's user (the public
            # user's...): what mail and the phone rules take from the current
            # company (reply-to of the creation note, country of national
            # numbers) is then the review's, not that user's, with no read.
            Reviews = self.with_company(companies.pop())
        reviews = super(ReviewMessage, Reviews).create(vals_list)
        if not self.env.su:
            reviews.check_access("create")
            reviews._check_assignee()
        for review, value in zip(reviews, properties, strict=True):
            if value:
                review._write_customer_properties(value)
        reviews._apply_sender_blocks()
        reviews._notify_inbox_staff(new=True)
        return reviews.with_env(self.env)

    def write(self, vals):
        if "company_id" in vals and not self.env.su:
            raise AccessError(_("A review's company is the company of its place."))
        self._check_protected_fields(vals)
        self._check_relations(vals)
        moved = self.browse()
        if "state" in vals:
            # into or out of the Inbox: the staff's inboxes and counters change
            to_inbox = vals["state"] == "inbox"
            moved = self.filtered(lambda review: (review.state == "inbox") != to_inbox)
        vals = dict(vals)
        properties = vals.pop("customer_properties", None)
        result = super().write(vals) if vals else True
        moved._notify_inbox_staff()
        if not self.env.su:
            # what the user wrote must leave the reviews in their reach
            self.check_access("write")
            if "user_id" in vals:
                self._check_assignee()
        if properties is not None:
            self._write_customer_properties(properties)
        return result

    def _write_customer_properties(self, value):
        """The customer information shown on a review is its customer's:
        review managers change it from the review; a change of the
        definition (Add a property) needs the right to change the company."""
        if not self.env.su and not self.env.user.has_group(
            "review_inbox.group_review_inbox_manager"
        ):
            raise AccessError(
                _(
                    "The customer information is provided by headquarters: "
                    "only review managers change it."
                )
            )
        if isinstance(value, str):
            value = json.loads(value)
        if isinstance(value, list):
            changed = any(
                item.get("definition_changed") or item.get("definition_deleted")
                for item in value
            )
            value = [item for item in value if not item.get("definition_deleted")]
            if changed:
                # as the user: the company's own access rules decide
                self.company_id.write(
                    {
                        "review_properties_definition": [
                            {
                                key: item_value
                                for key, item_value in item.items()
                                if key not in ("value", "definition_changed")
                            }
                            for item in value
                        ]
                    }
                )
                value = [
                    {k: v for k, v in item.items() if k != "definition_changed"}
                    for item in value
                ]
        self._set_customer_info(value)

    def _set_customer_info(self, value):
        """Write ``value`` on each review's customer, for the review's company.

        The caller checked the values and who may change them: a review
        manager, or an intake path after its own checks.
        """
        for review in self:
            if not review.partner_id:
                raise UserError(
                    _(
                        "Customer information belongs to a customer: "
                        "this review has none."
                    )
                )
            # sudo: checked by the caller; the partner's own rights are Odoo's
            # contacts rights, which shop staff and managers may not have
            review.partner_id.sudo()._review_set_customer_info(review.company_id, value)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _log_action(self, body, values=None):
        """Record that someone acted: staff see who did what and when."""
        self.check_access("write")
        values = dict(
            values or {}, is_treated=True, last_action_date=fields.Datetime.now()
        )
        if "user_id" in values:
            self.write({"user_id": values.pop("user_id")})  # checked as any write
        # sudo: the actions' own fields, write access checked above
        self.sudo().write(values)
        self._log_note(body)

    def _set_first_response(self):
        """The customer was answered (a reply, a call that reached them, a
        delegation): the first time sets the first response, once; later
        ones never move it. A bridge with another way of answering calls
        it too."""
        self.check_access("write")
        pending = self.filtered(lambda review: not review.first_response_date)
        if pending:
            # sudo: the actions' own field, write access checked above
            pending.sudo().write({"first_response_date": fields.Datetime.now()})

    def _log_note(self, body):
        """Record in the chatter something done for information only (a share):
        the customer was not answered, the review is not marked as treated."""
        self.check_access("write")
        for review in self.with_context(review_inbox_logging=True):
            review.message_post(body=body, subtype_xmlid="mail.mt_note")

    def action_done(self):
        self.check_access("write")
        self._log_action(_("Marked as Done."), {"state": "done"})
        return self._action_notify_done(
            _("Review marked as done.")
            if len(self) == 1
            else _("%s reviews marked as done.", len(self))
        )

    def action_spam(self):
        self.check_access("write")
        self._log_action(_("Marked as Spam."), {"state": "spam"})
        return self._action_notify_done(
            _("Review marked as spam.")
            if len(self) == 1
            else _("%s reviews marked as spam.", len(self))
        )

    def action_inbox(self):
        self.check_access("write")
        self._log_action(_("Moved back to the Inbox."), {"state": "inbox"})
        return self._action_notify_done(
            _("Review moved back to the Inbox.")
            if len(self) == 1
            else _("%s reviews moved back to the Inbox.", len(self))
        )

    def _action_notify_done(self, message):
        """Say what a status button did (on a selection of the list, how many
        reviews), then reload the view: the list and the search panel's
        counters, the Inbox's first, which the change made wrong. The form's
        buttons (context ``review_form``) close the action instead: the form
        reloads its review and moves on to the next one."""
        if self.env.context.get("review_form"):
            then = {"type": "ir.actions.act_window_close"}
        else:
            then = {"type": "ir.actions.client", "tag": "soft_reload"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": then},
        }

    def action_hold(self, reason):
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the customer is put on hold."))
        self._log_action(
            Markup("%s<br/>%s") % (_("Customer put on hold:"), reason),
            {"is_on_hold": True, "hold_reason": reason, "state": "inbox"},
        )
        return True

    def action_release_hold(self):
        self.check_access("write")
        self._log_action(
            _("Customer released from hold."),
            {"is_on_hold": False, "hold_reason": False},
        )
        return True

    # ------------------------------------------------------------------
    # Customer conversation
    # ------------------------------------------------------------------

    def send_reply(self, body, expected_last_entry_id=None):
        """Send a written reply to the customer; return the new entry.

        The email carries a one-time link to the customer's reply page; the
        raw token lives only in that email, the entry keeps its hash.

        :param expected_last_entry_id: the newest conversation entry the
            sender had in view (0: none); a staff reply after it means a
            colleague answered meanwhile, and raises ReviewReplyConflict.
            ``None`` sends without that check.
        """
        self.ensure_one()
        self.check_access("write")
        body = intake.clean_text(self.env, body, _("Write a reply before sending it."))
        if expected_last_entry_id is not None:
            self._check_reply_conflict(expected_last_entry_id)
        # what a bridge filled in must obey the same rules
        body = intake.clean_text(
            self.env,
            self._prepare_reply_body(body),
            _("Write a reply before sending it."),
        )
        customer = self.partner_id
        if not customer.email_normalized:
            raise UserError(
                _(
                    "%(customer)s has no valid email address to send a reply to.",
                    customer=customer.display_name or _("This customer"),
                )
            )
        author = self.env.user.partner_id
        # Conversations, links and the outgoing mail queue are the addon's and
        # Odoo's internals: the place staff's write access was checked above.
        review_sudo = self.sudo()
        Entry = self.env["review.conversation.entry"].sudo()
        token, token_values = Entry._new_token(self.company_id)
        now = fields.Datetime.now()
        entry = Entry.create(
            dict(
                token_values,
                review_id=self.id,
                author_type="staff",
                author_id=author.id,
                date=now,
                body=body,
                # the email's language, which its link's pages speak
                lang=review_sudo._customer_lang(),
            )
        )
        message = self.with_context(
            mail_create_nosubscribe=True, review_reply_customer_id=customer.id
        ).message_post(
            body=plaintext2html(body),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=author.id,
        )
        mail = review_sudo._reply_mail_create(entry, token, message)
        notification = (
            self.env["mail.notification"]
            .sudo()
            .create(
                {
                    "mail_message_id": message.id,
                    "res_partner_id": customer.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "mail_mail_id": mail.id,
                    "is_read": True,
                }
            )
        )
        entry.write({"notification_id": notification.id, "message_id": message.id})
        values = {
            "conversation_state": "awaiting",
            "conversation_date": now,
            "conversation_author_id": author.id,
            "is_treated": True,
            "last_action_date": now,
        }
        if not self.first_response_date:
            values["first_response_date"] = now  # see _set_first_response
        # sudo: the conversation's fields, write access checked above
        self.sudo().write(values)
        return entry.sudo(False)

    def _prepare_reply_body(self, body):
        """The reply as the customer receives it, from the text the staff
        member sent (already checked: not empty, not too long). A bridge
        fills in here what only exists once the reply goes (a placeholder
        left as typed by ``review.common.reply._placeholder_values``), or
        raises a UserError saying what is missing. The result is checked
        again."""
        self.ensure_one()
        return body

    def _check_reply_conflict(self, expected_last_entry_id):
        """Raise ReviewReplyConflict if a staff reply came after the entry
        the sender had in view."""
        try:
            seen_id = int(expected_last_entry_id or 0)
        except (TypeError, ValueError):
            raise UserError(
                _("The conversation entry the reply follows is not valid.")
            ) from None
        # Two replies sent at once: the second waits here for the first to
        # commit, then fails to serialize and is retried, and sees it.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM review_message WHERE id = %s FOR NO KEY UPDATE",
                self.id,
            )
        )
        # sudo: the conversation is the review's own, write access checked
        # by the caller
        newer = (
            self.env["review.conversation.entry"]
            .sudo()
            .search(
                [
                    ("review_id", "=", self.id),
                    ("author_type", "=", "staff"),
                    ("id", ">", seen_id),
                ],
                order="date desc, id desc",
                limit=1,
            )
        )
        if newer:
            raise ReviewReplyConflict(
                _(
                    "%(customer)s was already answered by %(author)s at %(time)s.",
                    customer=self.partner_id.name or _("This customer"),
                    author=newer.author_id.name or _("a colleague"),
                    time=self._format_reply_time(newer.date),
                )
            )

    def _format_reply_time(self, value):
        """The time alone for today, else the date and time, in the user's
        time zone."""
        tz = self.env.user.tz or "UTC"
        local = pytz.utc.localize(value).astimezone(pytz.timezone(tz))
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(local.tzinfo)
        if local.date() == today.date():
            return format_time(self.env, value, tz=tz, time_format="short")
        return format_datetime(self.env, value, tz=tz, dt_format="short")

    def _reply_url(self, token):
        return f"{self.get_base_url()}/review/reply/{token}"

    def _customer_lang(self):
        """What the customer reads: the customer's language, else the
        company's, if installed; else False (Odoo's default)."""
        self.ensure_one()
        installed = dict(self.env["res.lang"].get_installed())  # cached
        for lang in (self.partner_id.lang, self.company_id.partner_id.lang):
            if lang in installed:
                return lang
        return False

    def _staff_shown_name(self, partner):
        """How the customer sees a member of the staff: by first name,
        unless the company shows staff by their full name."""
        self.ensure_one()
        if self.company_id.review_staff_full_name:
            return partner.name or ""
        return first_name(partner.name)

    def _reply_email_from(self, lang=False):
        """The reply comes from the place: its name (in ``lang``) and its
        address, else the company's, else Odoo's default sender; False
        when there is no address at all."""
        self.ensure_one()
        place = self.place_id.with_context(lang=lang) if lang else self.place_id
        address = (
            place.email
            or email_normalize(self.company_id.email or "")
            or self.env["ir.mail_server"]._get_default_from_address()
        )
        return formataddr((place.name or "", address)) if address else False

    def _reply_mail_create(self, entry, token, message):
        """Queue the reply email: in the language of its entry (the
        customer's, else the company's), from the place. Its Reply-To is the
        mail gateway's (catchall), so that answering the email lands in the
        conversation; without one, the company's address as before."""
        self.ensure_one()
        template = self.env.ref("review_inbox.mail_template_review_reply").with_context(
            review_reply_body=entry.body,
            review_reply_url=self._reply_url(token),
            review_reply_expiry=entry.token_expiry,
            review_reply_author=self._staff_shown_name(entry.author_id),
        )
        installed = dict(self.env["res.lang"].get_installed())
        lang = entry.lang if entry.lang in installed else False
        subject, body = (
            # the template's own language rule when the entry has none
            template._render_field(
                field, self.ids, compute_lang=not lang, set_lang=lang
            )[self.id]
            for field in ("subject", "body_html")
        )
        email_from = self._reply_email_from(lang) or message.email_from
        reply_to_default = self._staff_notification_email_from() or message.email_from
        mail = self.env["mail.mail"].create(
            {
                "mail_message_id": message.id,
                "subject": subject,
                "body_html": body,
                "email_from": email_from,
                "reply_to": self._notify_get_reply_to(default=reply_to_default)[
                    self.id
                ],
                "recipient_ids": [Command.link(self.partner_id.id)],
                "is_notification": True,
                # the one-time link must not outlive its sending
                "auto_delete": True,
                "state": "outgoing",
            }
        )
        self._trigger_mail_queue()
        return mail

    def _trigger_mail_queue(self):
        # send queued emails with the next run of the mail queue, not within
        # the hour
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _reply_recipients(self):
        """Who hears of a customer answer: the assignee, else the place's staff."""
        self.ensure_one()
        users = self.user_id or self.place_id.user_ids
        return users.partner_id

    def _receive_customer_answer(self, body, source, message=None):
        """Store a customer answer, from the reply page or by email.

        The review shows "Unread Customer Reply" at once. An answer from the
        reply page reaches the chatter and the staff through a job triggered
        here (ir_cron_notify_customer_answers): the customer's request stays
        short under a burst of answers. An emailed answer is already in the
        chatter (mail gateway): the staff are told now.

        :param message: the chatter message of an emailed answer
        """
        self.ensure_one()
        customer = self.partner_id
        now = fields.Datetime.now()
        entry = (
            self.env["review.conversation.entry"]
            .sudo()
            .create(
                {
                    "review_id": self.id,
                    "author_type": "customer",
                    "author_id": customer.id,
                    "date": now,
                    "body": body,
                    "source": source,
                    "message_id": message.id if message else False,
                    "notify_pending": not message,
                }
            )
        )
        values = {
            "conversation_state": "unread",
            "conversation_date": now,
            "conversation_author_id": customer.id,
        }
        if self.state == "done":
            values["state"] = "inbox"
        self.sudo().write(values)
        if message:
            self._notify_customer_answer(entry)
        else:
            self.env.ref("review_inbox.ir_cron_notify_customer_answers")._trigger()
        return entry

    def _notify_customer_answer(self, entry):
        """Put a customer answer in the chatter (unless it came by email and
        is there already) and tell the place's staff who do not follow the
        review; their emails go through the mail queue."""
        self.ensure_one()
        customer = entry.author_id
        # sudo: the job and the mail gateway run as whoever they run as; the
        # followers and the chatter are the review's own
        to_notify = self._reply_recipients() - self.sudo().message_partner_ids
        subject = _(
            "%(customer)s answered about %(place)s",
            customer=customer.display_name,
            place=self.place_id.display_name,
        )
        review = self.sudo().with_context(mail_notify_force_send=False)
        # The customer is the author in the chatter, but the emails to the
        # staff come from the company: the customer's address as From would
        # spoof their domain, and as Reply-To (no alias domain) would take
        # the staff's answers to the customer, outside the conversation.
        email_from = self._staff_notification_email_from()
        if not entry.message_id:
            # One chatter message, notified to them: a follower would get
            # every later chatter message, staff talk included.
            # sudo: the entry's link to its message, written by the job
            entry.sudo().message_id = review.with_context(
                mail_create_nosubscribe=True
            ).message_post(
                body=plaintext2html(entry.body),
                author_id=customer.id,
                email_from=email_from,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=to_notify.ids,
                subject=subject,
            )
        elif to_notify:
            review.message_notify(
                partner_ids=to_notify.ids,
                author_id=customer.id,
                email_from=email_from,
                body=plaintext2html(entry.body),
                subject=subject,
                record_name=self.display_name,
            )
        if to_notify:
            self._trigger_mail_queue()

    def _staff_notification_email_from(self):
        """The company's address, else Odoo's default sender."""
        self.ensure_one()
        return (
            self.company_id.email_formatted
            or self.env["ir.mail_server"]._get_default_from_address()
        )

    def action_mark_read(self):
        self.check_access("write")
        unread = self.filtered(lambda r: r.conversation_state == "unread")
        if not unread:
            raise UserError(_("There is no unread customer reply."))
        now = fields.Datetime.now()
        # sudo: the conversation's fields, write access checked above
        unread.sudo().write(
            {
                "conversation_state": "pending",
                "conversation_date": now,
                "conversation_author_id": self.env.user.partner_id.id,
            }
        )
        unread._log_action(_("Customer reply marked as read."))
        return True

    @api.model
    def _answer_from_email_body(self, body):
        """The customer's own words: quoted history dropped, markup as text."""
        if not body:
            return ""
        tree = lxml_html.fromstring(f"<div>{body}</div>")
        for quoted in tree.xpath("//*[@data-o-mail-quote]"):
            quoted.drop_tree()
        return html2plaintext(lxml_html.tostring(tree, encoding="unicode")).strip()

    def action_open_rated_document(self):
        self.ensure_one()
        return self.request_id.action_open_document()

    def action_view_partner_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "review_inbox.review_message_action_all"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {"searchpanel_default_state": False}
        return action

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new email to an alias: a review of type message for its place.

        Answers to our reply emails never come here: the gateway routes them by
        In-Reply-To to their review (``message_update``).
        """
        values = dict(custom_values or {})
        place = self.env["review.place"].browse(values.pop("place_id", False))
        company = self.env["res.company"].browse(values.pop("company_id", False))
        if not place and company:
            place = company.review_default_place_id
        place = place.exists()
        if not place:
            # the gateway bounces the email back to its sender
            raise ValueError(
                _(
                    "This email address is not linked to a place: "
                    "the email cannot become a review."
                )
            )
        partner = self._review_email_partner(msg_dict, place)
        if partner:
            # the posted email is then the customer's own
            msg_dict["author_id"] = partner.id
        values.update(
            {
                "place_id": place.id,
                "company_id": place.company_id.id,
                "partner_id": partner.id,
                "review_type": "message",
                "source": "email",
                "rating": 0,
                # sanitizing tags the quoted history, then dropped
                "body": self._answer_from_email_body(
                    html_sanitize(msg_dict.get("body") or "")
                ),
                # a Date: header in the future would pin it atop the Inbox
                "review_date": min(
                    fields.Datetime.to_datetime(msg_dict.get("date"))
                    or fields.Datetime.now(),
                    fields.Datetime.now(),
                ),
            }
        )
        # the customer is unsubscribed once their email is posted (below)
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _review_email_partner(self, msg_dict, place):
        """The sender: the partner the gateway found when it is a customer of
        the place's company (or of none), else the customer of that company
        with this address, else a new one."""
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if partner and place._is_customer_partner(partner):
            return partner
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        if not email:
            return self.env["res.partner"]
        partner, _created = place._customer_partner(email, intake.sanitize_name(name))
        return partner

    def _message_post_after_hook(self, message, msg_vals):
        """An internal note is an action on the review too; an email from the
        customer answering our reply joins the conversation."""
        if msg_vals.get("message_type") == "email" and self._is_customer_email(message):
            # the stored body: Odoo tags the quotes of plain-text emails there only
            answer = self._answer_from_email_body(message.body or msg_vals.get("body"))
            if answer:
                self._receive_customer_answer(
                    answer[: intake.TEXT_MAX_LENGTH], "email", message=message
                )
        elif (
            msg_vals.get("message_type") == "comment"
            and message.subtype_id == self.env.ref("mail.mt_note")
            and not self.env.context.get("review_inbox_logging")
            and message.author_id == self.env.user.partner_id
        ):
            self.sudo().write(  # the note itself was already access-checked
                {"is_treated": True, "last_action_date": fields.Datetime.now()}
            )
        res = super()._message_post_after_hook(message, msg_vals)
        # Customers never follow their review: the mail gateway subscribes the
        # author of an incoming email, unsubscribe the customer again.
        if (
            len(self) == 1
            and msg_vals.get("message_type") == "email"
            and self.partner_id
            and message.author_id == self.partner_id
            and self.partner_id in self.sudo().message_partner_ids
        ):
            self.sudo().message_unsubscribe(partner_ids=self.partner_id.ids)
        return res

    def _creation_message(self):
        """mail's "Customer Review created", read once per language: mail
        reads the model's name from ir.model for each new review."""
        self.ensure_one()
        return self._creation_message_cached()

    @tools.ormcache("self.env.lang")
    def _creation_message_cached(self):
        # the same text for every review (the model's name), the record is
        # only there for mail's ensure_one
        return super()._creation_message()

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Following a review is handling it: write access, as posting."""
        if not self.env.su:
            self.check_access("write")
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def message_post(self, **kwargs):
        """Only users who handle a review post on it (notes included), even
        when they follow it (see mail.message _get_forbidden_access)."""
        if not self.env.su:
            self.check_access("write")
        return super().message_post(**kwargs)

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """A customer who follows the review gets a reply by its own email only,
        not also as a copy of the chatter message."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        customer_id = self.env.context.get("review_reply_customer_id")
        if not customer_id:
            return recipients
        return [data for data in recipients if data["id"] != customer_id]

    def _is_customer_email(self, message):
        """Whether an incoming email is the customer's answer.

        Only the raw From header decides (kept by the mail gateway, see
        ``mail.thread._message_route_process``), never the author nor the
        ``email_from`` the gateway found: both come from the first address
        of the header, so ``carla@x <evil@y>`` or ``carla@x, evil@y`` would
        pass for Carla. The From must hold exactly one valid address, the
        customer's.
        """
        if len(self) != 1 or not self.partner_id or self.conversation_state == "none":
            return False
        email = self.partner_id.email_normalized
        raw_from = self.env.context.get("review_inbox_email_from")
        if raw_from is None:  # not from the mail gateway
            raw_from = message.email_from or ""
        addresses = email_split(raw_from)
        return (
            bool(email)
            and len(addresses) == 1
            and email_normalize(addresses[0], strict=True) == email
        )

    # ------------------------------------------------------------------
    # Live inbox: bus notifications to the staff (static/src/live/)
    # ------------------------------------------------------------------

    def _notify_inbox_staff(self, new=False):
        """Refresh the open inboxes of whoever may read these reviews: they
        entered the Inbox or left it (``new``: they were just created).

        Collected until the transaction commits, then sent by
        ``_send_inbox_changes``, one bus message per user for all of them:
        a batch (an import, the API) makes one message per user, a review a
        block moved to Spam at once makes none, and a transaction rolled back
        sends nothing.
        """
        if not self:
            return
        precommit = self.env.cr.precommit
        changes = precommit.data.get(INBOX_CHANGED)
        if changes is None:
            changes = precommit.data[INBOX_CHANGED] = {"new": set(), "moved": set()}
            # sudo: who hears of a review is decided by _inbox_recipients,
            # each user hearing only of the reviews they may read
            precommit.add(self.env["review.message"].sudo()._send_inbox_changes)
        changes["new" if new else "moved"].update(self.ids)

    def _send_inbox_changes(self):
        changes = self.env.cr.precommit.data.pop(INBOX_CHANGED, None)
        if not changes:
            return
        new_ids = changes["new"]
        # those still there (a savepoint may have rolled some back), read in
        # the same query
        reviews = self.search_fetch(
            [("id", "in", list(new_ids | changes["moved"]))],
            ["state", "is_alert", "place_id", "body"],
            order="id",
        )
        # a new review counts if it is still in the Inbox
        reviews = reviews.filtered(
            lambda review: review.id not in new_ids or review.state == "inbox"
        )
        alerts = reviews.filtered(
            lambda review: review.id in new_ids and review.is_alert
        )
        recipients = reviews._inbox_recipients()
        langs = reviews._inbox_reader_langs() if alerts else {}
        for user, user_reviews in recipients.items():
            payload = {"review_ids": user_reviews.ids}
            user_alerts = user_reviews & alerts
            if user_alerts:
                # place names in the user's language, from the places' cache
                lang = langs[user.id] if user.id in langs else user.lang
                names = self.env["review.place"].with_context(lang=lang)._names()
                payload["alerts"] = [
                    {
                        "id": review.id,
                        "place": names.get(review.place_id.id) or review.place_id.name,
                        "preview": review._alert_preview(),
                    }
                    for review in user_alerts
                ]
            user.partner_id._bus_send(INBOX_CHANGED, payload)

    def _alert_preview(self):
        self.ensure_one()
        preview = self.body_preview or ""
        if len(preview) > ALERT_PREVIEW_LENGTH:
            preview = preview[: ALERT_PREVIEW_LENGTH - 1].rstrip() + "\u2026"
        return preview

    def _inbox_recipients(self):
        """{user: reviews}: the users who may read these reviews, each with
        the ones they may read. The staff (group User) of their place, while
        it is active, and the viewers and managers (group Viewer, implied by
        Manager) of their company: the record rules' readers.

        No query once the readers of their companies are in the registry
        cache (``_inbox_readers``): the users come with their contact in the
        ORM cache, so that a bus message to them reads nothing either.
        """
        reviews = self.sudo()  # readers of the reviews, not the caller's
        ids_by_place = defaultdict(list)
        for review in reviews:
            ids_by_place[review.company_id.id, review.place_id.id].append(review.id)
        readers = defaultdict(set)
        partner_of = {}
        for (company_id, place_id), ids in ids_by_place.items():
            viewer_ids, staff_ids, contacts = self._inbox_readers(company_id)
            for user_id in (*viewer_ids, *staff_ids.get(place_id, ())):
                readers[user_id].update(ids)
                partner_of[user_id] = contacts[user_id][0]
        # sudo: users, which place staff may not read; only their bus
        # channels come out. A user's contact never changes: the one cached
        # is theirs.
        users = self.env["res.users"].sudo().browse(sorted(readers))
        field = users._fields["partner_id"]
        missing = users.browse(
            [user.id for user in users if not self.env.cache.contains(user, field)]
        )
        if missing:
            self.env.cache.update(missing, field, [partner_of[i] for i in missing.ids])
        return {user: self.browse(sorted(readers[user.id])) for user in users}

    def _inbox_reader_langs(self):
        """{user id: language} of the readers of these reviews, from the same
        cache as ``_inbox_recipients``."""
        langs = {}
        for company in self.sudo().company_id:
            contacts = self._inbox_readers(company.id)[2]
            langs.update((user_id, lang) for user_id, (__, lang) in contacts.items())
        return langs

    @api.model
    @tools.ormcache("company_id")
    def _inbox_readers(self, company_id):
        """Who may read the reviews of a company, as ``(viewer ids, {place id:
        staff ids}, {user id: (partner id, language)})``: its viewers and
        managers (group Viewer), and the staff (group User) of each of its
        active places; active internal users of the company.

        One query, then none: a registry cache, cleared by the changes that
        matter, as the record rules' own cache is. Odoo clears it when the
        groups, companies, language or status of a user change, a user is
        deleted or a group changes; the places when their staff, company or
        status change; res.users when an internal user is created;
        res.company when its users change. The languages are the users' as
        ``res.users.context_get`` caches them.
        """
        # the rows must hold what the ORM has not written yet
        for model, fnames in (
            (
                "res.users",
                ["active", "share", "partner_id", "company_ids", "groups_id"],
            ),
            ("res.partner", ["lang"]),
            ("review.place", ["active", "company_id", "user_ids"]),
        ):
            self.env[model].flush_model(fnames)
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id  # cached
        self.env.cr.execute(
            SQL(
                """
                WITH readers AS (
                    SELECT u.id, u.partner_id, p.lang,
                           EXISTS (SELECT FROM res_groups_users_rel g
                                    WHERE g.uid = u.id AND g.gid = %(viewer)s
                           ) AS is_viewer,
                           EXISTS (SELECT FROM res_groups_users_rel g
                                    WHERE g.uid = u.id AND g.gid = %(staff)s
                           ) AS is_staff
                      FROM res_users u
                      JOIN res_partner p ON p.id = u.partner_id
                      JOIN res_company_users_rel c
                        ON c.user_id = u.id AND c.cid = %(company)s
                     WHERE u.active AND u.share IS NOT TRUE
                )
                SELECT r.id, r.partner_id, r.lang, NULL
                  FROM readers r
                 WHERE r.is_viewer
                 UNION ALL
                SELECT r.id, r.partner_id, r.lang, pu.place_id
                  FROM readers r
                  JOIN review_place_user_rel pu ON pu.user_id = r.id
                  JOIN review_place pl ON pl.id = pu.place_id
                 WHERE r.is_staff AND pl.active AND pl.company_id = %(company)s
                 ORDER BY 1, 4
                """,
                viewer=xmlid_to_id("review_inbox.group_review_inbox_viewer"),
                staff=xmlid_to_id("review_inbox.group_review_inbox_user"),
                company=company_id,
            )
        )
        viewer_ids, staff_ids, contacts = [], defaultdict(list), {}
        for user_id, partner_id, lang, place_id in self.env.cr.fetchall():
            contacts[user_id] = (partner_id, lang or False)
            if place_id:
                staff_ids[place_id].append(user_id)
            else:
                viewer_ids.append(user_id)
        return (
            tuple(viewer_ids),
            frozendict({place_id: tuple(ids) for place_id, ids in staff_ids.items()}),
            frozendict(contacts),
        )

    def action_notify_replying(self, is_replying=True):
        """Tell the others who may read this review that the current user is
        writing a reply to it (``is_replying``) or stopped: their open form
        shows it for a while (static/src/live/). For those who handle the
        review: write access."""
        self.ensure_one()
        self.check_access("write")
        sender = self.env.user
        payload = {
            "review_id": self.id,
            "partner_id": sender.partner_id.id,
            # "Sophie is replying": the first name says it
            "name": next(iter((sender.name or "").split()), ""),
            "is_replying": bool(is_replying),
        }
        for user in self._inbox_recipients():
            if user != sender:
                user.partner_id._bus_send(REPLYING, payload)
        return True

    # ------------------------------------------------------------------
    # Intake: JSON API (the checks: tools/review_api.py)
    # ------------------------------------------------------------------

    @api.model
    def _api_import(self, items):
        """Create or update the reviews of a request, all or nothing.

        Every item is checked before anything is written: one failing item
        stores none, so a client can fix its batch and post it again whole.
        Raise ReviewApiError with every error (those out of the user's reach
        flagged ``forbidden``); return the ids in the order of the items, and
        the counts.
        """
        context = ImportContext(self.env, items)
        checked = [context.check_item(index, item) for index, item in enumerate(items)]
        if context.errors:
            raise ReviewApiError(context.errors)
        with self.env.cr.savepoint():
            return self._api_write(context, checked)

    @api.model
    def _api_write(self, context, checked):
        ids = [None] * len(checked)
        to_create = []
        informed = []  # (index, properties) of the customers' information
        for index, (existing, vals, customer, properties) in enumerate(checked):
            partner = context.customer_partner(existing, vals, customer)
            if partner is not None:
                vals["partner_id"] = partner.id
            if properties:
                informed.append((index, properties))
            if existing:
                # the source and reference identify the review: unchanged
                existing.write(
                    {
                        k: v
                        for k, v in vals.items()
                        if k not in ("source", "external_ref")
                    }
                )
                ids[index] = existing.id
            else:
                to_create.append((index, vals))
        created = self._create_from_intake([vals for __, vals in to_create])
        for (index, __), review in zip(to_create, created, strict=True):
            ids[index] = review.id
        for index, properties in informed:
            # checked against the company's definition with the item;
            # headquarters' tool may feed the customers' information
            self.browse(ids[index])._set_customer_info(properties)
        return {
            "ids": ids,
            "created": len(to_create),
            "updated": len(checked) - len(to_create),
        }

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------

    def _init_sync_txid(self):
        """The id of the transaction that last wrote each review, set by
        PostgreSQL itself (the ORM, raw SQL and bulk loads alike).

        A review written by a transaction below the oldest one still running
        can no longer change unseen: the API's sync pages by (sync_txid, id)
        below that bound, so a row committed late by a long transaction
        never lands behind a client's cursor. Not an ORM field: bigint, and
        no ORM write ever sets it.
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                "ALTER TABLE review_message"
                " ADD COLUMN IF NOT EXISTS sync_txid bigint NOT NULL DEFAULT 0"
            )
        )
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION review_message_set_sync_txid()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.sync_txid := txid_current();
                    RETURN NEW;
                END;
                $$
                """
            )
        )
        cr.execute(
            SQL(
                """
                DROP TRIGGER IF EXISTS review_message_sync_txid ON review_message;
                CREATE TRIGGER review_message_sync_txid
                BEFORE INSERT OR UPDATE ON review_message
                FOR EACH ROW EXECUTE FUNCTION review_message_set_sync_txid()
                """
            )
        )
        create_index(
            cr, "review_message_sync_txid_index", self._table, ["sync_txid", "id"]
        )

    @api.model
    def _api_sync_bound(self):
        """The first transaction id whose writes a sync may not return yet.

        Every transaction below the oldest one running when this
        transaction's snapshot was taken has ended: its rows are all visible
        now, and none can appear later. The snapshot's in-progress list is
        cluster-wide: ids of transactions seen running in other databases
        are left out (those that ended since cannot be told apart and keep
        the bound low: safe).
        """
        self.env.cr.execute(
            SQL(
                """
                WITH snapshot AS (SELECT txid_current_snapshot() AS value),
                elsewhere AS (
                    SELECT backend_xid::text::bigint AS xid
                      FROM pg_stat_activity
                     WHERE backend_xid IS NOT NULL
                       AND datname IS DISTINCT FROM current_database()
                )
                SELECT txid_snapshot_xmax(value),
                       (SELECT min(running)
                          FROM txid_snapshot_xip(value) running
                         WHERE mod(running, 4294967296)
                               NOT IN (SELECT xid FROM elsewhere)),
                       txid_current_if_assigned()
                  FROM snapshot
                """
            )
        )
        xmax, oldest_running, own = self.env.cr.fetchone()
        bound = min(xmax, oldest_running) if oldest_running else xmax
        if own is not None:
            # A transaction that wrote sees its own rows: a test's, as the
            # API's reads never write (and so never get here).
            bound = max(bound, own + 1)
        return bound

    @api.model
    def _api_export(self, updated_since=None, after=None, limit=100):
        """The reviews the user can read changed since a position, in the
        order their changes became visible.

        Pages follow (sync_txid, id), only below _api_sync_bound(): a row may
        come again (written again), never later behind the position given.
        Return (rows, position after them, whether more rows follow now).
        """
        self.flush_model()
        bound = self._api_sync_bound()
        domain = []
        if updated_since:
            domain.append(("write_date", ">=", updated_since))
        query = self._search(domain)
        sync_txid = SQL.identifier(self._table, "sync_txid")
        id_column = SQL.identifier(self._table, "id")
        query.add_where(SQL("%s < %s", sync_txid, bound))
        if after:
            query.add_where(
                SQL("(%s, %s) > (%s, %s)", sync_txid, id_column, after[0], after[1])
            )
        query.order = SQL("%s, %s", sync_txid, id_column)
        query.limit = limit + 1
        rows = self.env.execute_query(
            query.select(
                id_column, sync_txid, SQL.identifier(self._table, "write_date")
            )
        )
        more = len(rows) > limit
        if more:
            rows = rows[:limit]
            position = (rows[-1][1], rows[-1][0])
        else:
            # every row below the bound was read: the next sync starts there
            # (a lagging replica may give a lower bound: never step back)
            position = max((bound, 0), tuple(after or (0, 0)))
        rows = [(row[0], row[2]) for row in rows]
        reviews = self.browse([row[0] for row in rows])
        records = {record["id"]: record for record in reviews.read(API_EXPORT_FIELDS)}
        codes = dict(reviews.place_id.mapped(lambda place: (place.id, place.code)))
        result = []
        for review_id, write_date in rows:
            record = records[review_id]
            platform, external_id = None, None
            if record["source"] == "api" and record["external_ref"]:
                platform, __, external_id = record["external_ref"].partition(":")
            result.append(
                {
                    "id": review_id,
                    "intake": record["source"],
                    "source": platform,
                    "external_id": external_id,
                    "place_code": codes.get(
                        record["place_id"] and record["place_id"][0]
                    ),
                    "state": record["state"],
                    "priority": record["priority"],
                    "conversation_state": record["conversation_state"],
                    "rating": record["rating"],
                    "review_date": api_datetime(record["review_date"]),
                    "write_date": api_datetime(write_date, precise=True),
                }
            )
        return result, position, more

    # ------------------------------------------------------------------
    # Intake: CSV import (the checks: tools/review_import.py)
    # ------------------------------------------------------------------

    @api.depends(
        "place_id.code", "partner_id.name", "partner_id.email", "partner_id.phone"
    )
    def _compute_import_columns(self):
        # Exported, they give a file that imports back.
        for review in self:
            review.place_code = review.place_id.code
            review.customer_name = review.partner_id.name
            review.customer_email = review.partner_id.email
            review.customer_phone = review.partner_id.phone

    def _inverse_import_columns(self):
        raise UserError(
            _("Place code and customer columns are only read by the import.")
        )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import Template for Reviews"),
                "template": "/review_inbox/static/xls/"
                "review_message_import_template.csv",
            }
        ]

    @api.model
    def _load_records_create(self, vals_list):
        """Imports (and data files) bring the customers' information with
        their reviews: it goes to each review's customer, checked by the
        import against the company's definition."""
        properties = [vals.pop("customer_properties", None) for vals in vals_list]
        records = super()._load_records_create(vals_list)
        for review, value in zip(records, properties, strict=True):
            if value and review.partner_id:
                # sudo: the import's own checks ran; the customer is the
                # review's, found or created by the import
                review.partner_id.sudo()._review_set_customer_info(
                    review.company_id, value
                )
        return records

    def load(self, fields, data):
        """Read place codes, customers and properties, then Odoo's import.

        The columns of the template are turned into ids and property values
        row by row; any error comes back as an import message and stores
        nothing, customers created on the way included.
        """
        if not self._can_enter_reviews():
            # a file of reviews is entered by hand: managers only
            return {
                "ids": False,
                "messages": [
                    {
                        "type": "error",
                        "message": _(
                            "Reviews come from the customers: only a review "
                            "manager imports reviews."
                        ),
                    }
                ],
                "nextrow": 0,
            }
        converted = ImportConverter(self.env, fields, data)
        if converted.messages:
            return {"ids": False, "messages": converted.messages, "nextrow": 0}
        savepoint = self.env.cr.savepoint()
        result = {}
        try:
            result = super().load(*converted.convert())
        finally:
            savepoint.close(rollback=not result.get("ids"))
        return result

    # ------------------------------------------------------------------
    # Blocked senders
    # ------------------------------------------------------------------

    def _sender_email_phone(self):
        """(normalized email, first phone in E.164) of the customer, as blocks
        store them; phones read with the customer's country, else the
        company's."""
        self.ensure_one()
        emails, phones = self._sender_keys()
        return next(iter(emails), False), next(iter(phones), False)

    def _sender_keys(self):
        """({email}, {phones}) of the customer, normalized as blocks store them."""
        self.ensure_one()
        # sudo: the customer's contact only, to match blocks; the review's
        # access was checked by the caller or the review was just created
        partner = self.partner_id.sudo()
        country = partner.country_id or self.company_id.country_id
        emails = {partner.email_normalized} - {False, None}
        phones = []
        for number in (partner.phone, partner.mobile):
            phone = intake.normalize_phone(self.env, number, country)
            if phone and phone not in phones:
                phones.append(phone)
        return emails, phones

    def _apply_sender_blocks(self):
        """Move to Spam the reviews whose customer is blocked in their company.

        One search for the whole batch: imports and the API create many.
        """
        reviews = self.filtered("partner_id")
        if not reviews:
            return
        keys = {review: review._sender_keys() for review in reviews}
        emails = {
            email for review_emails, __ in keys.values() for email in review_emails
        }
        phones = {
            phone for __, review_phones in keys.values() for phone in review_phones
        }
        if not emails and not phones:
            return
        # Authors of reviews (public form, API users, place staff) may not read
        # the block list, yet it applies to what they create.
        blocks = (
            self.env["review.blocked.sender"]
            .sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("company_id", "in", reviews.company_id.ids),
                    "|",
                    ("email", "in", list(emails)),
                    ("phone", "in", list(phones)),
                ],
                ["company_id", "email", "phone"],
            )
        )
        if not blocks:
            return
        blocked_keys = {
            (block.company_id.id, value)
            for block in blocks
            for value in (block.email, block.phone)
            if value
        }
        blocked = reviews.filtered(
            lambda review: any(
                (review.company_id.id, value) in blocked_keys
                for values in keys[review]
                for value in values
            )
        )
        if not blocked:
            return
        # The block decides, not the author: the reviews were just created.
        blocked_sudo = blocked.sudo()
        blocked_sudo.write({"state": "spam"})
        note = _("Sender blocked: moved to Spam")
        blocked_sudo._message_log_batch(
            bodies={review.id: note for review in blocked_sudo},
            author_id=self.env.ref("base.partner_root").id,
        )

    def action_spam_block_sender(self):
        """Mark as Spam and block the customer's email and phone in the company."""
        self.check_access("write")
        for review in self:
            if not any(review._sender_email_phone()):
                raise UserError(
                    _("Nothing to block: this customer has no email or phone.")
                )
        self.action_spam()
        # Place staff may block a sender of their own reviews (write access
        # checked above) but may not read or edit the block list.
        Block = self.env["review.blocked.sender"].sudo()
        for review in self:
            values = Block._block_review_sender(review)
            if values:
                body = _("Sender blocked: %(sender)s", sender=", ".join(values))
            else:
                body = _("Sender already blocked.")
            review._log_action(body)
        return True

    # ------------------------------------------------------------------
    # Response deadlines (the rules: tools/sla.py)
    # ------------------------------------------------------------------

    @api.model
    def _sla_open_domain_sql(self):
        """The reviews whose deadline may still move: unanswered in the Inbox."""
        return SQL(
            "review_message.state = 'inbox'"
            " AND review_message.first_response_date IS NULL"
        )

    @api.model
    def _sla_reset_open_deadlines(self, companies):
        """The companies' targets changed: their open reviews get deadlines
        and statuses from the new targets, in two statements. Answered or
        closed reviews keep the deadline they had."""
        if not companies:
            return
        self.env["res.company"].flush_model(
            ["review_sla_alert_hours", "review_sla_hours"]
        )
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                """UPDATE review_message SET sla_deadline = %(deadline)s
                     FROM res_company company
                    WHERE company.id = review_message.company_id
                      AND review_message.company_id = ANY(%(companies)s)
                      AND %(open)s""",
                deadline=sla.deadline_sql(),
                companies=companies.ids,
                open=self._sla_open_domain_sql(),
            )
        )
        cr.execute(
            SQL(
                """UPDATE review_message SET sla_status = %(status)s
                    WHERE company_id = ANY(%(companies)s) AND %(open)s""",
                status=sla.status_sql(fields.Datetime.now()),
                companies=companies.ids,
                open=self._sla_open_domain_sql(),
            )
        )
        self.invalidate_model(["sla_deadline", "sla_status"])

    @api.model
    def _cron_review_sla(self, batch=SLA_BATCH):
        """Move the statuses of the open reviews as time passes (running, due
        soon, late), then escalate the alerts that are late.

        Each batch is one statement that moves its reviews, in its own
        savepoint: a batch that fails is logged and skipped, the others go
        on. Progress is committed between batches.
        """
        # sudo: a job over every company's reviews
        Review = self.sudo()
        now = fields.Datetime.now()
        skipped = []
        done = 0
        while True:
            ids = Review._sla_due_ids(now, batch, skipped)
            if not ids:
                break
            try:
                with self.env.cr.savepoint():
                    Review._sla_move(ids, now)
            except Exception:
                _logger.exception(
                    "Review deadlines of %s could not move: skipped.", ids
                )
                skipped += ids
            done += len(ids)
            Review._sla_commit_progress(done, Review._sla_due_ids(now, 0, skipped))
        skipped = []
        while True:
            ids = Review._sla_escalation_ids(batch, skipped)
            if not ids:
                break
            try:
                with self.env.cr.savepoint():
                    Review.browse(ids)._sla_escalate()
            except Exception:
                _logger.exception(
                    "Late alerts %s could not be escalated: skipped.", ids
                )
                skipped += ids
            done += len(ids)
            Review._sla_commit_progress(done, Review._sla_escalation_ids(0, skipped))
        return done

    def _sla_commit_progress(self, done, remaining):
        commit_batch(self.env)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _sla_due_ids(self, now, limit, skipped=()):
        """Open reviews whose status time moved (due soon or late by now):
        the first ``limit`` ids, or with ``limit`` 0 how many there are."""
        self.flush_model(["state", "first_response_date", "sla_deadline", "sla_status"])
        where = SQL(
            """%(open)s
               AND sla_status IN ('running', 'due_soon')
               AND %(status)s IS DISTINCT FROM sla_status
               AND id != ALL(%(skipped)s)""",
            open=self._sla_open_domain_sql(),
            status=sla.status_sql(now),
            skipped=list(skipped),
        )
        return self._sla_select(where, SQL("sla_deadline, id"), limit)

    @api.model
    def _sla_select(self, where, order, limit):
        if not limit:
            self.env.cr.execute(
                SQL("SELECT count(*) FROM review_message WHERE %s", where)
            )
            return self.env.cr.fetchone()[0]
        self.env.cr.execute(
            SQL(
                "SELECT id FROM review_message WHERE %s ORDER BY %s LIMIT %s",
                where,
                order,
                limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _sla_move(self, ids, now):
        """One statement for the batch: each review gets its status at
        ``now``, unless it changed meanwhile (answered, closed)."""
        self.env.cr.execute(
            SQL(
                """UPDATE review_message SET sla_status = %(status)s
                    WHERE id = ANY(%(ids)s)
                      AND %(open)s
                      AND sla_status IN ('running', 'due_soon')""",
                status=sla.status_sql(now),
                ids=ids,
                open=self._sla_open_domain_sql(),
            )
        )
        self.invalidate_model(["sla_status"])

    @api.model
    def _sla_escalation_ids(self, limit, skipped=()):
        """Alerts late in the Inbox, unanswered, whose escalation is still to
        be sent (a partial index keeps them at hand)."""
        self.flush_model(["state", "first_response_date", "sla_status", "is_alert"])
        where = SQL("%s AND id != ALL(%s)", SQL(SLA_ESCALATION_WHERE), list(skipped))
        return self._sla_select(where, SQL("id"), limit)

    def _sla_escalate(self):
        """Tell of these late alerts, once: a To-Do activity for the
        assignee (else each of the place's staff), one notice to each
        escalation user (the place's, else the company's review managers)
        listing their alerts, and a line in each review's chatter.

        The flag is claimed first by one statement: of two jobs, one sends.
        """
        self.env.cr.execute(
            SQL(
                """UPDATE review_message SET sla_escalated = TRUE
                    WHERE id = ANY(%(ids)s) AND %(escalation)s
                RETURNING id""",
                ids=self.ids,
                escalation=SQL(SLA_ESCALATION_WHERE),
            )
        )
        claimed = self.browse(sorted(row[0] for row in self.env.cr.fetchall()))
        self.invalidate_model(["sla_escalated"])
        if not claimed:
            return
        claimed.fetch(
            ["place_id", "company_id", "user_id", "partner_id", "sla_deadline"]
        )
        staff = claimed._sla_staff()
        escalation = claimed._sla_escalation_users()
        claimed._sla_schedule_activities(staff)
        claimed._sla_notify_escalation(escalation)
        bodies = {}
        for review in claimed:
            hours = review.company_id.review_sla_alert_hours
            names = ", ".join(escalation[review].mapped("name"))
            bodies[review.id] = (
                _(
                    "Late alert: not answered within %(hours)s hours. Told: %(names)s.",
                    hours=hours,
                    names=names,
                )
                if names
                else _("Late alert: not answered within %(hours)s hours.", hours=hours)
            )
        claimed._message_log_batch(
            bodies=bodies, author_id=self.env.ref("base.partner_root").id
        )

    def _sla_staff(self):
        """{review: users} who must answer: the assignee, else the place's
        staff; internal users of the review's company who may handle it."""
        Users = self.env["res.users"]
        staff_group = self.env.ref("review_inbox.group_review_inbox_user")
        candidates = self.user_id | self.place_id.user_ids
        allowed = Users
        if candidates:
            allowed = Users.search_fetch(
                [
                    ("id", "in", candidates.ids),
                    ("share", "=", False),
                    ("groups_id", "in", staff_group.id),
                ],
                ["partner_id", "lang", "company_ids"],
            )
        result = {}
        for review in self:
            users = (review.user_id or review.place_id.user_ids) & allowed
            if review.user_id and not users:
                users = review.place_id.user_ids & allowed
            result[review] = users.filtered(
                lambda user, review=review: review.company_id in user.company_ids
            )
        return result

    def _sla_escalation_users(self):
        """{review: users} told of its lateness: the place's escalation
        users, else the review managers of the review's company."""
        Users = self.env["res.users"]
        manager_group = self.env.ref("review_inbox.group_review_inbox_manager")
        managers = Users
        if any(not review.place_id.escalation_user_ids for review in self):
            managers = Users.search_fetch(
                [
                    ("share", "=", False),
                    ("groups_id", "in", manager_group.id),
                    ("company_ids", "in", self.company_id.ids),
                ],
                ["partner_id", "lang", "tz", "company_ids"],
            )
        result = {}
        for review in self:
            users = review.place_id.escalation_user_ids.filtered("active") or managers
            result[review] = users.filtered(
                lambda user, review=review: review.company_id in user.company_ids
            )
        return result

    def _sla_schedule_activities(self, staff):
        """One To-Do per review for each user who must answer it, due today,
        its summary in that user's language."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        summaries = {}
        today = fields.Date.context_today(self)
        vals_list = []
        for review in self:
            for user in staff[review]:
                lang = user.lang or "en_US"
                if lang not in summaries:
                    summaries[lang] = self.with_context(lang=lang).env._(
                        "Late alert: answer the customer"
                    )
                vals_list.append(
                    {
                        "activity_type_id": todo.id,
                        "res_model_id": model_id,
                        "res_id": review.id,
                        "user_id": user.id,
                        "summary": summaries[lang],
                        "date_deadline": today,
                        "automated": True,
                    }
                )
        if vals_list:
            # the activity is the assignee's notice: no email of its own
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(vals_list)

    def _sla_notify_escalation(self, escalation):
        """One notice per escalation user with the late alerts they hear of,
        in their language and time zone; users told of the same alerts in
        the same language share one notice."""
        reviews_of = defaultdict(list)
        for review in self:
            for user in escalation[review]:
                reviews_of[user].append(review.id)
        groups = defaultdict(list)
        for user, ids in reviews_of.items():
            groups[(user.lang or "en_US", user.tz or "UTC", tuple(ids))].append(user)
        for (lang, tz, ids), users in groups.items():
            reviews = self.browse(ids).with_context(lang=lang, tz=tz)
            first = reviews[0]
            env = reviews.env
            subject = (
                env._("Late alert at %(place)s", place=first.place_id.display_name)
                if len(reviews) == 1
                else env._("%(count)s late alerts", count=len(reviews))
            )
            lines = Markup("").join(
                Markup('<li><a href="%s">%s</a>: %s</li>')
                % (
                    f"{review.get_base_url()}/odoo/review.message/{review.id}",
                    review.display_name,
                    env._(
                        "answer was due on %(date)s",
                        date=format_datetime(env, review.sla_deadline, tz=tz),
                    ),
                )
                for review in reviews[:SLA_NOTICE_LINES]
            )
            if len(reviews) > SLA_NOTICE_LINES:
                lines += Markup("<li>%s</li>") % env._(
                    "and %(count)s more", count=len(reviews) - SLA_NOTICE_LINES
                )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                env._(
                    "These alerts were not answered in time: the customer is "
                    "still waiting."
                ),
                lines,
            )
            # on no review: the notice lists them all, each with its link
            self.env["review.message"].with_context(lang=lang).message_notify(
                partner_ids=[user.partner_id.id for user in users],
                subject=subject,
                body=body,
                email_from=first._staff_notification_email_from(),
                author_id=self.env.ref("base.partner_root").id,
            )
        if groups:
            self._trigger_mail_queue()

    # ------------------------------------------------------------------
    # Search panel
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def search_panel_select_range(self, field_name, **kwargs):
        """Statuses: the Inbox shows its count (what waits for staff), Done and
        Spam none; counting them would go through the whole history of
        reviews on every visit of the inbox. One query; it only reads, so a
        read replica may serve it."""
        if field_name != "state" or not kwargs.get("enable_counters"):
            return super().search_panel_select_range(field_name, **kwargs)
        result = super().search_panel_select_range(
            field_name, **dict(kwargs, enable_counters=False)
        )
        inbox = self.search_count(
            expression.AND(
                [
                    kwargs.get("search_domain") or [],
                    kwargs.get("filter_domain") or [],
                    [("state", "=", "inbox")],
                ]
            )
        )
        for value in result.get("values", []):
            value["__count"] = inbox if value["id"] == "inbox" else 0
        return result

    @api.model
    @api.readonly
    def search_panel_select_multi_range(self, field_name, **kwargs):
        """Places: those with reviews in the selected status, and how many,
        from one grouped query (the generic one also groups the whole
        history of reviews to list the places). Groups of places: counted
        from one grouped query on places (the generic one counts each
        group)."""
        if field_name == "place_id":
            return self._search_panel_places(**kwargs)
        if field_name != "place_group_ids":
            return super().search_panel_select_multi_range(field_name, **kwargs)
        kwargs = dict(kwargs, enable_counters=False)
        result = super().search_panel_select_multi_range(field_name, **kwargs)
        if not result.get("values"):
            return result
        per_place = self._search_panel_counts_by_place(kwargs)
        groups = self.env["review.place.group"].browse(
            [value["id"] for value in result["values"]]
        )
        counts = {
            group.id: sum(per_place.get(place, 0) for place in group.place_ids)
            for group in groups
        }
        for value in result["values"]:
            value["__count"] = counts.get(value["id"], 0)
        return result

    def _search_panel_counts_by_place(self, kwargs):
        """{place: count} of the reviews the search panel stands for: its
        search, the selected status, the other sections' filters (and, for
        a section grouped by nothing, its group domain)."""
        group_domain = kwargs.get("group_domain")
        domain = expression.AND(
            [
                kwargs.get("search_domain") or [],
                kwargs.get("category_domain") or [],
                kwargs.get("filter_domain") or [],
                group_domain if isinstance(group_domain, list) else [],
            ]
        )
        return dict(self._read_group(domain, ["place_id"], ["__count"]))

    def _search_panel_places(self, **kwargs):
        if (
            kwargs.get("expand")
            or kwargs.get("group_by")
            or kwargs.get("comodel_domain")
        ):
            return super().search_panel_select_multi_range("place_id", **kwargs)
        limit = kwargs.get("limit")
        counts = self._search_panel_counts_by_place(kwargs)
        if limit and len(counts) >= limit:
            return {"error_msg": str(SEARCH_PANEL_ERROR_MESSAGE)}
        values = [
            {"id": place.id, "display_name": place.display_name, "__count": count}
            for place, count in counts.items()
        ]
        values.sort(key=lambda value: (value["display_name"] or "").lower())
        return {"values": values}
