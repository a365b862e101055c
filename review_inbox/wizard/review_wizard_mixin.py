import functools

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import format_date, format_datetime, formatLang


class ReviewWizardMixin(models.AbstractModel):
    """What the action wizards of a review share: the review they act on, and
    the review's content as the mail templates show it.

    A wizard shows the review's customer (name, email, phone...): whatever
    the entry point (``default_get``, ``onchange``, ``create``, ``write``,
    ``read``), a wizard only exists for a review that its user may act on
    (write), and only for the user who created it.
    """

    _name = "review.wizard.mixin"
    _description = "Action on a review"

    review_id = fields.Many2one(
        "review.message",
        string="Review",
        required=True,
        ondelete="cascade",
        default=lambda self: self._default_review_id(),
    )

    @api.model
    def _default_review_id(self):
        context = self.env.context
        if context.get("active_model", "review.message") == "review.message":
            return context.get("active_id")
        return False

    # ------------------------------------------------------------------
    # Access: the action's access on the review, at every entry point
    # ------------------------------------------------------------------

    @api.model
    def _check_review_access(self, review_ids):
        """Raise unless the user may act on (write) these reviews."""
        if isinstance(review_ids, int):
            review_ids = [review_ids]
        ids = [review_id for review_id in review_ids or [] if review_id]
        self.env["review.message"].browse(ids).check_access("write")

    @api.model
    def _review_access_domain(self):
        """The wizards that the user may see: their own, for a review they
        may act on. ``read`` and ``search`` apply it as a record rule (stored
        fields are fetched through ``_search``)."""
        Review = self.env["review.message"]
        if not Review.has_access("write"):
            return expression.FALSE_DOMAIN
        review_domain = self.env["ir.rule"]._compute_domain(Review._name, "write")
        return [
            ("create_uid", "=", self.env.uid),
            ("review_id", "any", review_domain or []),
        ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND([domain, self._review_access_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        # sudo: only to see which review each wizard is for and who made it;
        # the review itself is checked with the user's rights right below.
        wizards_sudo = self.sudo()
        writable = wizards_sudo.review_id.with_env(self.env)._filtered_access("write")
        forbidden = wizards_sudo.filtered(
            lambda wizard: wizard.create_uid.id != self.env.uid
            or wizard.review_id not in writable
        ).with_env(self.env)
        if not forbidden:
            return None
        return forbidden, functools.partial(self._make_review_access_error, operation)

    def _make_review_access_error(self, operation):
        return AccessError(
            _(
                "You cannot use this action (%(action)s, %(operation)s): it belongs "
                "to another user, or its review is not one you may act on.",
                action=self._description,
                operation=operation,
            )
        )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        self._check_review_access(values.get("review_id"))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        self._check_review_access([vals.get("review_id") for vals in vals_list])
        # the records are checked again once created (check_access("create")),
        # review_id coming from the defaults included
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if "review_id" in vals:
            self.check_access("write")
        return result

    def onchange(self, values, field_names, fields_spec):
        """The form computes the customer's fields for the review it is given:
        check it first (defaults are checked by ``default_get``)."""
        review_id = values.get("review_id")
        if isinstance(review_id, dict):
            review_id = review_id.get("id")
        self._check_review_access(review_id)
        if self._origin:
            self._origin.check_access("write")
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def _text_to_html(self, text):
        """Plain text typed by the user, escaped, its line breaks kept."""
        return Markup("<br/>").join((text or "").strip().splitlines())

    @api.model
    def _log_body(self, label, text=None):
        """``label: text`` for the chatter, the user's text escaped."""
        if not (text or "").strip():
            return label
        return Markup("%s: %s") % (label, self._text_to_html(text))

    # ------------------------------------------------------------------
    # Mail content
    # ------------------------------------------------------------------

    @api.model
    def _selection_label(self, record, field_name):
        field = record._fields[field_name]
        return dict(field._description_selection(self.env)).get(record[field_name], "")

    @api.model
    def _format_datetime(self, value):
        """Like ``format_datetime`` in the mail templates: user's timezone and
        language's format."""
        return format_datetime(self.env, value, tz=self.env.user.tz, dt_format=False)

    @api.model
    def _customer_properties_display(self, review):
        """Customer information as ``{label, value}`` texts, in the user's language.

        ``review.customer_properties`` only holds the raw values; ``read``
        merges them with their definition (label, type, options).
        """
        properties = review.read(["customer_properties"])[0]["customer_properties"]
        lines = []
        for prop in properties or []:
            text = self._property_text(prop)
            if text:
                lines.append({"label": prop.get("string") or "", "value": text})
        return lines

    @api.model
    def _property_text(self, prop):
        prop_type, value = prop.get("type"), prop.get("value")
        if prop_type == "separator":
            return ""
        if prop_type == "boolean":
            return _("Yes") if value else _("No")
        if value is None or value is False or value in ("", []):
            return ""
        if prop_type == "selection":
            return dict(prop.get("selection") or []).get(value, value)
        if prop_type == "tags":
            labels = {tag[0]: tag[1] for tag in prop.get("tags") or []}
            return ", ".join(labels.get(tag, tag) for tag in value)
        if prop_type == "many2one":
            return value[1] or ""
        if prop_type == "many2many":
            return ", ".join(name for _id, name in value if name)
        if prop_type == "date":
            return format_date(self.env, value)
        if prop_type == "datetime":
            return self._format_datetime(value)
        if prop_type == "float":
            return formatLang(self.env, value)
        return str(value)

    def _review_mail_context(self, review, note):
        """Values the mail templates read through ``ctx``."""
        return {
            "review_note": (note or "").strip(),
            "review_type_label": self._selection_label(review, "review_type"),
            "review_customer_properties": self._customer_properties_display(review),
        }
