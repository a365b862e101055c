import re

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools.intake import TEXT_MAX_LENGTH, clean_text
from ..tools.names import first_name

MAX_COMMON_REPLIES = 10
BODY_MAX_LENGTH = TEXT_MAX_LENGTH
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


class ReviewCommonReply(models.Model):
    """A user's ready-made answer: ten at most, newest or last used on top."""

    _name = "review.common.reply"
    _description = "Common Reply"
    _order = "sequence desc, id desc"
    _rec_name = "body"

    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    body = fields.Text(
        string="Reply",
        required=True,
        help="Filled in when used: {customer_name} is the customer's first name, "
        "{customer_full_name} their full name, {place} the place, {user} your "
        "name as customers see it.",
    )
    sequence = fields.Integer(
        readonly=True, help="Higher is newer or more recently used."
    )

    @api.model
    def _clean_body(self, body):
        return clean_text(
            self.env, body, _("A common reply cannot be empty."), BODY_MAX_LENGTH
        )

    def _next_sequence(self, user_id):
        self.flush_model(["user_id", "sequence"])
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(MAX(sequence), 0) + 1 FROM review_common_reply"
                " WHERE user_id = %s",
                user_id,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model_create_multi
    def create(self, vals_list):
        """Whatever the entry point: no duplicate, newest on top, ten at most."""
        result = self.browse()
        for vals in vals_list:
            vals = dict(vals)
            user_id = vals.get("user_id") or self.env.uid
            body = self._clean_body(vals.get("body"))
            existing = self.search(
                [("user_id", "=", user_id), ("body", "=", body)], limit=1
            )
            if existing:
                existing._move_to_top()
                result |= existing
                continue
            vals.update(
                user_id=user_id, body=body, sequence=self._next_sequence(user_id)
            )
            result |= super().create([vals])
        result._evict_beyond_limit()
        return result

    def write(self, vals):
        if "body" in vals:
            vals = dict(vals, body=self._clean_body(vals["body"]))
        return super().write(vals)

    def _move_to_top(self):
        for reply in self:
            reply.sequence = self._next_sequence(reply.user_id.id)

    def _evict_beyond_limit(self):
        """Drop what falls past the tenth reply of each user, bottom first."""
        for user in self.user_id:
            replies = self.search([("user_id", "=", user.id)])
            replies[MAX_COMMON_REPLIES:].unlink()

    @api.model
    def get_dropped_by(self, body):
        """The replies that saving ``body`` would drop, bottom first (the
        tenth one when the user has ten already), as ``{"id", "body"}``: the
        picker names them and asks first."""
        body = self._clean_body(body)
        replies = self.search([("user_id", "=", self.env.uid)])
        if body in replies.mapped("body"):
            return []  # moves to the top instead
        dropped = replies[MAX_COMMON_REPLIES - 1 :]
        return [{"id": reply.id, "body": reply.body} for reply in reversed(dropped)]

    # ------------------------------------------------------------------
    # Use in the reply composer
    # ------------------------------------------------------------------

    def _render_for_review(self, review):
        """The reply with its placeholders filled in, as the customer will
        read it: {customer_name} is the customer's first name (a company's
        whole name), {customer_full_name} their whole name, {place} the
        place's name in the customer's language, {user} the user as
        customers see staff (first name, unless the company shows full
        names). An unknown placeholder stays as typed.
        """
        self.ensure_one()
        values = self._placeholder_values(review)
        return PLACEHOLDER_RE.sub(
            lambda match: values.get(match.group(1), match.group(0)), self.body
        )

    @api.model
    def _placeholder_values(self, review):
        """The text of each placeholder for ``review``, by name (without its
        braces). A bridge adds its own (``super()`` then more keys); a name
        left out stays as typed in the reply (for the bridge to fill in when
        the reply is sent: ``review.message._prepare_reply_body``)."""
        customer = review.partner_id
        return {
            "customer_name": (
                customer.name if customer.is_company else first_name(customer.name)
            )
            or "",
            "customer_full_name": customer.name or "",
            # the place as the customer reads it, in their language
            "place": review.place_id.with_context(
                lang=review._customer_lang() or self.env.lang
            ).name
            or "",
            "user": review._staff_shown_name(self.env.user.partner_id),
        }

    def apply_to_review(self, review_id):
        """Use this reply for a review: it moves to the top; return its text."""
        self.ensure_one()
        review = self.env["review.message"].browse(review_id)
        review.check_access("write")
        self._move_to_top()
        return self._render_for_review(review)

    @api.model
    def add_and_apply(self, body, review_id):
        """Save a new common reply on top and return it filled for the review."""
        review = self.env["review.message"].browse(review_id)
        review.check_access("write")
        return self.create({"body": body}).apply_to_review(review_id)
