from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ReviewPlace(models.Model):
    _name = "review.place"
    _description = "Place"
    _order = "name"
    _check_company_auto = True

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
    partner_id = fields.Many2one("res.partner", string="Address")
    color = fields.Integer()
    active = fields.Boolean(default=True)
    inbox_count = fields.Integer(compute="_compute_review_counts")
    review_count = fields.Integer(compute="_compute_review_counts")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "A place with this code already exists in this company.",
        ),
    ]

    @api.constrains("code")
    def _check_code(self):
        for place in self:
            if not (place.code or "").strip():
                raise ValidationError(_("A place needs a code."))

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
