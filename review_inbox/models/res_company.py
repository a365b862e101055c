from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import intake

# The targets of response deadlines (hours), alerts' and other reviews'.
SLA_TARGETS = {"review_sla_alert_hours", "review_sla_hours"}
MAX_SLA_HOURS = 8760  # a year


class ResCompany(models.Model):
    _inherit = "res.company"

    review_alert_threshold = fields.Integer(
        string="Alert threshold",
        default=2,
        help="A review rated at or under this value (out of 5) is a "
        "dissatisfaction alert.",
    )
    review_customer_service_email = fields.Char(
        string="Customer service email",
        help="Address that reviews delegated to customer service are sent to.",
    )
    review_reply_link_validity = fields.Integer(
        string="Reply link validity (days)",
        default=30,
        help="How long the one-time link of a written reply lets the customer "
        "answer.",
    )
    review_form_rate_limit = fields.Integer(
        string="Review form rate limit",
        default=5,
        help="Reviews that one client address may send per hour to the public "
        "review form of one place.",
    )
    review_share_max_recipients = fields.Integer(
        string="Share: recipients at most",
        default=10,
        help="Recipients a review may be shared with at a time; each receives "
        "their own email.",
    )
    review_request_cooldown_days = fields.Integer(
        string="Rating requests: cooldown (days)",
        default=30,
        help="A customer asked for a rating is not asked again by the company "
        "for this many days (0: asked after each purchase).",
    )
    review_request_link_validity = fields.Integer(
        string="Rating link validity (days)",
        default=30,
        help="How long the one-time link of a rating request lets the customer "
        "rate.",
    )
    review_sla_alert_hours = fields.Integer(
        string="Answer alerts within (hours)",
        default=24,
        help="Hours after its date by which an alert is due an answer (a reply, "
        "a call that reached the customer, or a delegation).",
    )
    review_sla_hours = fields.Integer(
        string="Answer other reviews within (hours)",
        default=72,
        help="Hours after its date by which any other review is due an answer.",
    )
    review_staff_full_name = fields.Boolean(
        string="Show staff by full name",
        help="Customers see the staff who reply by their full name (in the "
        "reply email and on the reply page) instead of their first name.",
    )
    review_properties_definition = fields.PropertiesDefinition(
        string="Customer information",
        help="Customer information that headquarters provide with each review "
        "(age, customer segment, purchase amount...).",
    )

    review_default_place_id = fields.Many2one(
        "review.place",
        string="Default place",
        domain="[('company_id', '=', id)]",
        help="Place of the reviews received by the company's review email alias.",
    )
    review_alias_id = fields.Many2one(
        "mail.alias", string="Review alias", copy=False, readonly=True
    )
    review_alias_name = fields.Char(
        string="Review alias name",
        compute="_compute_review_alias_name",
        inverse="_inverse_review_alias_name",
        help="Emails to this address become reviews of the default place.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._review_clean_values(vals) for vals in vals_list])

    def write(self, vals):
        result = super().write(self._review_clean_values(vals))
        if SLA_TARGETS & set(vals):
            # the open reviews' deadlines follow; answered ones keep theirs
            self.env["review.message"]._sla_reset_open_deadlines(self)
        return result

    def _review_sla_target(self, is_alert):
        """Hours within which a review is due an answer."""
        self.ensure_one()
        return self.review_sla_alert_hours if is_alert else self.review_sla_hours

    def _review_sla_deadline(self, review_date, is_alert):
        """When a review received at ``review_date`` is due an answer."""
        self.ensure_one()
        return review_date and review_date + timedelta(
            hours=self._review_sla_target(is_alert)
        )

    @api.model
    def _review_clean_values(self, vals):
        """The values with the customer service address normalized, whatever
        path they come by (settings, company form, RPC)."""
        if "review_customer_service_email" in vals:
            email = self._review_clean_customer_service_email(
                vals["review_customer_service_email"]
            )
            vals = dict(vals, review_customer_service_email=email)
        return vals

    @api.model
    def _review_clean_customer_service_email(self, email):
        """The address normalized by the intake's rule, ``False`` if empty."""
        try:
            return intake.clean_email(
                self.env, email, field="review_customer_service_email"
            )
        except intake.IntakeError:
            raise ValidationError(
                _(
                    "The customer service email address %(email)s is not valid: "
                    "type one plain address, such as care@example.com.",
                    email=email,
                )
            ) from None

    def cache_invalidation_fields(self):
        # _review_public_brand; the users: who reads the company's reviews
        # (review.message._inbox_readers)
        return super().cache_invalidation_fields() | {"name", "logo", "user_ids"}

    def _review_public_brand(self):
        """What the customers' pages show of the company: its id, name and
        whether it has a logo of its own (not Odoo's placeholder). From a
        registry cache: the page of a spent link reads nothing else of it."""
        self.ensure_one()
        return self._review_public_brand_cached(self.id)

    @api.model
    @tools.ormcache("company_id")
    def _review_public_brand_cached(self, company_id):
        # sudo: the name and logo, shown to the public on the company's pages
        company = self.sudo().browse(company_id)
        return {
            "id": company.id,
            "name": company.name,
            "has_logo": not company.uses_default_logo,
        }

    @api.depends("review_alias_id.alias_name")
    def _compute_review_alias_name(self):
        for company in self:
            company.review_alias_name = company.review_alias_id.alias_name

    def _inverse_review_alias_name(self):
        Alias = self.env["mail.alias"].sudo()
        for company in self:
            if company.review_alias_id:
                company.review_alias_id.sudo().alias_name = company.review_alias_name
            elif company.review_alias_name:
                company.sudo().review_alias_id = Alias.create(
                    {
                        "alias_name": company.review_alias_name,
                        "alias_domain_id": company.alias_domain_id.id,
                        "alias_model_id": self.env["ir.model"]._get_id(
                            "review.message"
                        ),
                        "alias_defaults": repr({"company_id": company.id}),
                        "alias_contact": "everyone",
                        "alias_parent_model_id": self.env["ir.model"]._get_id(
                            "res.company"
                        ),
                        "alias_parent_thread_id": company.id,
                    }
                )

    @api.constrains("review_default_place_id")
    def _check_review_default_place_id(self):
        for company in self:
            place = company.review_default_place_id
            if place and place.company_id != company:
                raise ValidationError(
                    _("The default place must belong to the company.")
                )

    @api.constrains("review_alert_threshold")
    def _check_review_alert_threshold(self):
        if any(not 0 <= company.review_alert_threshold <= 5 for company in self):
            raise ValidationError(_("The alert threshold goes from 0 to 5."))

    @api.constrains("review_reply_link_validity")
    def _check_review_reply_link_validity(self):
        if any(not 1 <= company.review_reply_link_validity <= 365 for company in self):
            raise ValidationError(_("A reply link stays valid from 1 to 365 days."))

    @api.constrains("review_form_rate_limit")
    def _check_review_form_rate_limit(self):
        if any(not 1 <= company.review_form_rate_limit <= 1000 for company in self):
            raise ValidationError(
                _("The review form accepts from 1 to 1000 reviews an hour.")
            )

    @api.constrains("review_share_max_recipients")
    def _check_review_share_max_recipients(self):
        if any(not 1 <= company.review_share_max_recipients <= 100 for company in self):
            raise ValidationError(
                _("A review can be shared with 1 to 100 recipients at a time.")
            )

    @api.constrains("review_request_cooldown_days")
    def _check_review_request_cooldown_days(self):
        if any(
            not 0 <= company.review_request_cooldown_days <= 3650 for company in self
        ):
            raise ValidationError(
                _("The cooldown of rating requests goes from 0 to 3650 days.")
            )

    @api.constrains(*SLA_TARGETS)
    def _check_review_sla_hours(self):
        for company in self:
            if not all(
                1 <= company[name] <= MAX_SLA_HOURS for name in sorted(SLA_TARGETS)
            ):
                raise ValidationError(
                    _(
                        "A review is due an answer within 1 to %(hours)s hours.",
                        hours=MAX_SLA_HOURS,
                    )
                )

    @api.constrains("review_request_link_validity")
    def _check_review_request_link_validity(self):
        if any(
            not 1 <= company.review_request_link_validity <= 365 for company in self
        ):
            raise ValidationError(_("A rating link stays valid from 1 to 365 days."))
