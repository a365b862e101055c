from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


def company_setting(field_class, *args, **kwargs):
    """A setting of the page stored on the company, under the same name.

    The field reads its company's value (``_compute_company_settings``) and
    is saved into it by ``execute``: a bridge adds a setting by adding to
    res.company a field, and here the field of the same name made by this
    function, e.g. ``company_setting(fields.Integer, string="Delay")``.
    """
    return field_class(
        *args,
        compute="_compute_company_settings",
        compute_sudo=False,
        store=True,
        readonly=False,
        precompute=True,
        **kwargs,
    )


class ReviewInboxSettings(models.TransientModel):
    """The addon's settings page, for review managers and administrators.

    Odoo's ``res.config.settings`` is for administrators only, and rightly:
    its records' methods set, with sudo, the system parameters, groups,
    default values and modules of every installed app. Opening it to review
    managers would hand them all of that. This page holds the addon's
    settings of one company and nothing else; ``execute`` checks the user,
    then writes those fields of the company alone.
    """

    _name = "review.inbox.settings"
    _description = "Review Inbox settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    review_alert_threshold = company_setting(
        fields.Integer,
        string="Alert threshold",
    )
    review_sla_alert_hours = company_setting(
        fields.Integer,
        string="Answer alerts within (hours)",
    )
    review_sla_hours = company_setting(
        fields.Integer,
        string="Answer other reviews within (hours)",
    )
    review_customer_service_email = company_setting(
        fields.Char,
        string="Customer service email",
    )
    review_reply_link_validity = company_setting(
        fields.Integer,
        string="Reply link validity (days)",
    )
    review_staff_full_name = company_setting(
        fields.Boolean,
        string="Show staff by full name",
    )
    review_form_rate_limit = company_setting(
        fields.Integer,
        string="Review form rate limit",
    )
    review_share_max_recipients = company_setting(
        fields.Integer,
        string="Share: recipients at most",
    )
    review_request_cooldown_days = company_setting(
        fields.Integer,
        string="Rating requests: cooldown (days)",
    )
    review_request_link_validity = company_setting(
        fields.Integer,
        string="Rating link validity (days)",
    )
    review_default_place_id = company_setting(
        fields.Many2one,
        "review.place",
        string="Default place",
        domain="[('company_id', '=', company_id)]",
    )
    review_alias_name = company_setting(
        fields.Char,
        string="Review alias name",
    )
    review_alias_domain = fields.Char(related="company_id.alias_domain_name")

    @api.model
    def _company_setting_names(self):
        """The company fields this page edits: its fields made by
        ``company_setting``, each named as the company's field it sets."""
        return tuple(
            name
            for name, field in self._fields.items()
            if field.compute == "_compute_company_settings"
        )

    @api.depends("company_id")
    def _compute_company_settings(self):
        names = self._company_setting_names()
        for settings in self:
            for name in names:
                settings[name] = settings.company_id[name]

    @api.onchange("review_customer_service_email")
    def _onchange_review_customer_service_email(self):
        """Say at once that the address is refused, rather than on saving."""
        try:
            email = self.env["res.company"]._review_clean_customer_service_email(
                self.review_customer_service_email
            )
        except ValidationError as error:
            return {
                "warning": {
                    "title": _("Customer service"),
                    "message": error.args[0],
                }
            }
        if email != self.review_customer_service_email:
            self.review_customer_service_email = email

    @api.model_create_multi
    def create(self, vals_list):
        settings = super().create(vals_list)
        # raising rolls back the values just read from another company
        settings._check_review_settings_access()
        return settings

    def _check_review_settings_access(self):
        """Review managers and administrators, of the settings' company."""
        if self.env.su:
            return
        user = self.env.user
        if not (
            user.has_group("review_inbox.group_review_inbox_manager")
            or user.has_group("base.group_system")
        ):
            raise AccessError(
                _("Only review managers change the Review Inbox settings.")
            )
        if self.company_id - user.company_ids:
            raise AccessError(
                _("You may only change the Review Inbox settings of your companies.")
            )

    def execute(self):
        """Save: the company's review settings that changed, in one write."""
        self.ensure_one()
        self._check_review_settings_access()
        company = self.company_id
        values = {}
        for name in self._company_setting_names():
            value = self._fields[name].convert_to_write(self[name], self)
            if value != company._fields[name].convert_to_write(company[name], company):
                values[name] = value
        if values:
            # sudo: review managers may not write companies; checked above,
            # and these are the company's review settings only
            company.sudo().write(values)
        return {"type": "ir.actions.client", "tag": "reload"}
