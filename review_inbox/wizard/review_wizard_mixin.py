from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import format_date, format_datetime, formatLang


class ReviewWizardMixin(models.AbstractModel):
    """What the action wizards of a review share: the review they act on, and
    the review's content as the mail templates show it."""

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
