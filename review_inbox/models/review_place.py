import ast
import base64
import io
import secrets

from PIL import Image

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize
from odoo.tools.image import image_data_uri

from ..tools.intake import IntakeError, clean_email

# Side of the poster's QR code image, in pixels: printed about 12 cm wide.
POSTER_QR_SIZE = 800


class ReviewPlace(models.Model):
    _name = "review.place"
    # an optional mail alias per place: its emails become reviews of the place
    _inherit = ["review.cached.mixin", "mail.alias.mixin.optional"]
    _description = "Place"
    _order = "name"
    _check_company_auto = True
    # The record rules of place staff hold the ids of their places
    # (ir.rule._eval_context), cached with the rules; names: _names; who
    # reads a company's reviews: review.message._inbox_readers.
    _cached_fields = ("user_ids", "name", "active", "company_id")

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        index=True,
        help="Short reference of the place, unique within the company "
        "(used by imports and integrations).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    group_ids = fields.Many2many(
        "review.place.group",
        "review_place_group_rel",
        "place_id",
        "group_id",
        string="Groups",
        check_company=True,
    )
    user_ids = fields.Many2many(
        "res.users",
        "review_place_user_rel",
        "place_id",
        "user_id",
        string="Staff",
        domain=[("share", "=", False)],
        help="Users who handle the reviews of this place.",
    )
    escalation_user_ids = fields.Many2many(
        "res.users",
        "review_place_escalation_user_rel",
        "place_id",
        "user_id",
        string="Escalation",
        domain=[("share", "=", False)],
        help="Users told when an alert of this place is late (once per alert); "
        "the company's review managers when empty.",
    )
    partner_id = fields.Many2one("res.partner", string="Address")
    email = fields.Char(
        help="Address the replies to this place's customers come from (with "
        "the place's name); the company's when empty.",
    )
    color = fields.Integer()
    review_form_key = fields.Char(
        string="Review form key",
        copy=False,
        readonly=True,
        groups="review_inbox.group_review_inbox_manager",
        help="Random key in the address of the place's public review form: "
        "places cannot be enumerated.",
    )
    review_form_url = fields.Char(
        string="Review form",
        compute="_compute_review_form_url",
        groups="review_inbox.group_review_inbox_manager",
        help="Public address where customers review this place.",
    )
    active = fields.Boolean(default=True)
    inbox_count = fields.Integer(compute="_compute_review_counts")
    review_count = fields.Integer(compute="_compute_review_counts")

    _sql_constraints = [
        (
            "review_form_key_uniq",
            "unique(review_form_key)",
            "Two places cannot share a review form key.",
        ),
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "A place with this code already exists in this company.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("review_form_key", secrets.token_urlsafe(16))
            self._clean_email_vals(vals)
        return super().create(vals_list)

    def _clean_email_vals(self, vals):
        """The place's address, normalized, or a clear error: it goes into
        the From of the replies."""
        if "email" in vals:
            try:
                vals["email"] = clean_email(self.env, vals["email"])
            except IntakeError as error:
                raise ValidationError(
                    _(
                        "The place's email address is not valid: %(email)s",
                        email=vals["email"],
                    )
                ) from error

    @api.depends("name")
    def _compute_display_name(self):
        # Every inbox card and row shows its place: names come from a cache
        # of all places rather than a query per page.
        names = self._names()
        for place in self:
            name = names.get(place.id) if isinstance(place.id, int) else None
            place.display_name = name if name is not None else place.name

    @api.model
    @tools.ormcache("self.env.lang")
    def _names(self):
        """{id: name} of every place (archived ones included), in the
        user's language."""
        # sudo: names only, shared by every user (one cache entry per
        # language); display names are only asked of places already read
        places = self.sudo().with_context(active_test=False).search_fetch([], ["name"])
        return {place.id: place.name for place in places}

    def init(self):
        """Places created before the key existed each get their own."""
        self.env.cr.execute(
            SQL("SELECT id FROM review_place WHERE review_form_key IS NULL")
        )
        for (place_id,) in self.env.cr.fetchall():
            self.env.cr.execute(
                SQL(
                    "UPDATE review_place SET review_form_key = %s WHERE id = %s",
                    secrets.token_urlsafe(16),
                    place_id,
                )
            )

    @api.constrains("code")
    def _check_code(self):
        for place in self:
            if not (place.code or "").strip():
                raise ValidationError(_("A place needs a code."))

    @api.depends("review_form_key")
    def _compute_review_form_url(self):
        for place in self:
            place.review_form_url = (
                f"{place.get_base_url()}/review/place/{place.review_form_key}"
                if place.review_form_key
                else False
            )

    def _customer_domain(self):
        """Partners that may be this place's customers: of its company or of
        none, and never the partner of a user (an employee's own contact, or
        a portal user's, must not receive reviews posted with their address)."""
        self.ensure_one()
        return [
            ("company_id", "in", [self.company_id.id, False]),
            ("user_ids", "=", False),
        ]

    def _is_customer_partner(self, partner):
        self.ensure_one()
        return bool(partner.sudo().filtered_domain(self._customer_domain()))

    def _customer_partner(self, email=None, name=None, phone=None):
        """(partner, created): the customer whose email matches ``email`` once
        normalized, in the place's company (or shared, never a user's), else
        a new customer of that company.

        Every intake path (review form, API, import, email) finds or creates
        its customers here. The partner comes back as superuser: customers
        are not the place staff's or the public's to create.
        """
        self.ensure_one()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        normalized = email_normalize(email) if email else False
        if normalized:
            partner = Partner.search(
                [("email_normalized", "=", normalized), *self._customer_domain()],
                order="id",
                limit=1,
            )
            if partner:
                return partner.with_context(active_test=True), False
        partner = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": name or email or phone,
                    "email": email or False,
                    "phone": phone or False,
                    "company_id": self.company_id.id,
                }
            )
        )
        return partner, True

    def _compute_review_counts(self):
        counts = {
            (place.id, state): count
            for place, state, count in self.env["review.message"]._read_group(
                [("place_id", "in", self.ids)], ["place_id", "state"], ["__count"]
            )
        }
        for place in self:
            place.inbox_count = counts.get((place.id, "inbox"), 0)
            place.review_count = sum(
                counts.get((place.id, state), 0) for state in ("inbox", "done", "spam")
            )

    def action_open_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "review_inbox.review_message_action_inbox"
        )
        action["domain"] = [("place_id", "=", self.id)]
        return action

    def _check_review_poster(self):
        """Refuse a poster to whoever may not read the places' review form
        address (managers of their companies), and a poster whose code would
        lead nowhere."""
        self.check_access("read")
        # the report reads the address as an attribute, past the field's groups
        self.check_field_access_rights("read", ["review_form_url"])
        for place in self:
            if not place.active:
                raise UserError(
                    _(
                        "%(place)s is archived: its review form is closed, "
                        "so it has no poster.",
                        place=place.display_name,
                    )
                )
            if not place.review_form_url:
                raise UserError(
                    _(
                        "%(place)s has no review form address: its poster "
                        "cannot be printed.",
                        place=place.display_name,
                    )
                )

    def _review_poster_qr_code(self):
        """The QR code of the place's review form, as a PNG data URI: the
        report embeds it rather than have the PDF renderer fetch it."""
        self.ensure_one()
        self._check_review_poster()
        png = self.env["ir.actions.report"].barcode(
            "QR",
            self.review_form_url,
            width=POSTER_QR_SIZE,
            height=POSTER_QR_SIZE,
            # its own white margin (quiet zone), whatever the page around it
            quiet=False,
            # still reads with a scratch or a reflection on the poster
            barLevel="M",
        )
        # reportlab anti-aliases the edges of the modules: the grey seams it
        # leaves between them turn into stripes in some PDF renderers. Pure
        # black and white scans at any print or screen resolution.
        image = (
            Image.open(io.BytesIO(png))
            .convert("L")
            .convert("1", dither=Image.Dither.NONE)
        )
        stream = io.BytesIO()
        image.save(stream, format="PNG", optimize=True)
        return image_data_uri(base64.b64encode(stream.getvalue()))

    def action_print_review_poster(self):
        self._check_review_poster()
        # config=False: the poster has its own layout, no document layout
        # to configure first
        return self.env.ref(
            "review_inbox.action_report_review_place_poster"
        ).report_action(self, config=False)

    # ------------------------------------------------------------------
    # Mail alias: emails to it become reviews of the place
    # ------------------------------------------------------------------

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("review.message")
        values["alias_contact"] = "everyone"
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["place_id"] = self.id
            defaults["company_id"] = self.company_id.id
        return values

    def write(self, vals):
        if "email" in vals:
            vals = dict(vals)
            self._clean_email_vals(vals)
        res = super().write(vals)
        if "company_id" in vals:
            # the alias defaults carry the company of the place
            for place in self.filtered("alias_id"):
                place.alias_id.sudo().write(
                    {
                        "alias_defaults": place._alias_get_creation_values()[
                            "alias_defaults"
                        ]
                    }
                )
        return res
