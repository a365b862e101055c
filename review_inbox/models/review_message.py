from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

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
REVIEW_TYPE_ICONS = {
    "review": "fa-star",
    "message": "fa-envelope",
    "question": "fa-question-circle",
    "suggestion": "fa-lightbulb-o",
    "complaint": "fa-exclamation-circle",
}


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
        "res.partner", string="Customer", index="btree_not_null", tracking=True
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile")
    partner_email = fields.Char(related="partner_id.email", string="Email")
    partner_review_count = fields.Integer(
        compute="_compute_partner_review_count", string="Customer's reviews"
    )
    rating = fields.Integer(
        aggregator="avg", help="From 1 to 5 stars; 0 when the customer gave none."
    )
    rating_stars = fields.Selection(
        [(str(n), str(n)) for n in range(6)],
        compute="_compute_rating_stars",
        string="Stars",
    )
    body = fields.Text(string="Review", help="What the customer wrote, verbatim.")
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
        index=True,
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
    customer_properties = fields.Properties(
        string="Customer information",
        definition="company_id.review_properties_definition",
        copy=True,
    )
    last_action_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
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
            review.company_id = review.place_id.company_id

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

    @api.depends("rating")
    def _compute_rating_stars(self):
        for review in self:
            review.rating_stars = str(review.rating or 0)

    @api.depends("review_type")
    def _compute_review_type_icon(self):
        for review in self:
            review.review_type_icon = REVIEW_TYPE_ICONS.get(review.review_type, "")

    @api.depends("review_type", "category_ids", "is_alert")
    def _compute_review_icons(self):
        types = dict(self._fields["review_type"]._description_selection(self.env))
        for review in self:
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
                    "icon": category.icon or "fa-tag",
                    "class": "text-muted",
                    "title": category.name,
                }
                for category in review.category_ids
            ]
            review.review_icons = icons

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

    @api.constrains("rating")
    def _check_rating(self):
        if any(not 0 <= review.rating <= 5 for review in self):
            raise ValidationError(_("A rating goes from 0 (no rating) to 5."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("place_id"):
                raise ValidationError(_("A review needs a place."))
            rating = vals.get("rating") or 0
            if not isinstance(rating, int) or not 0 <= rating <= 5:
                raise ValidationError(_("A rating goes from 0 (no rating) to 5."))
        places = self.env["review.place"].browse(
            {vals["place_id"] for vals in vals_list}
        )
        company_of_place = {place.id: place.company_id.id for place in places}
        for vals in vals_list:
            # The customer properties are read against the company's definition:
            # the company must be known before they are stored.
            vals.setdefault("company_id", company_of_place[vals["place_id"]])
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _log_action(self, body, values=None):
        """Record that someone acted: staff see who did what and when."""
        self.write(
            dict(values or {}, is_treated=True, last_action_date=fields.Datetime.now())
        )
        for review in self.with_context(review_inbox_logging=True):
            review.message_post(body=body, subtype_xmlid="mail.mt_note")

    def action_done(self):
        self.check_access("write")
        self._log_action(_("Marked as Done."), {"state": "done"})
        return True

    def action_spam(self):
        self.check_access("write")
        self._log_action(_("Marked as Spam."), {"state": "spam"})
        return True

    def action_inbox(self):
        self.check_access("write")
        self._log_action(_("Moved back to the Inbox."), {"state": "inbox"})
        return True

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

    def _message_post_after_hook(self, message, msg_vals):
        """An internal note is an action on the review too."""
        if (
            msg_vals.get("message_type") == "comment"
            and message.subtype_id == self.env.ref("mail.mt_note")
            and not self.env.context.get("review_inbox_logging")
            and message.author_id == self.env.user.partner_id
        ):
            self.sudo().write(  # the note itself was already access-checked
                {"is_treated": True, "last_action_date": fields.Datetime.now()}
            )
        return super()._message_post_after_hook(message, msg_vals)

    # ------------------------------------------------------------------
    # Search panel
    # ------------------------------------------------------------------

    @api.model
    def search_panel_select_multi_range(self, field_name, **kwargs):
        """Count groups of places from one grouped query on places.

        The generic implementation runs one count per group of places.
        """
        if field_name != "place_group_ids":
            return super().search_panel_select_multi_range(field_name, **kwargs)
        kwargs = dict(kwargs, enable_counters=False)
        result = super().search_panel_select_multi_range(field_name, **kwargs)
        if not result.get("values"):
            return result
        domain = expression.AND(
            [
                kwargs.get("search_domain") or [],
                kwargs.get("category_domain") or [],
                kwargs.get("filter_domain") or [],
            ]
        )
        per_place = dict(self._read_group(domain, ["place_id"], ["__count"]))
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
