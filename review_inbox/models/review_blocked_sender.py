from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize

from ..tools.intake import normalize_phone


class ReviewBlockedSender(models.Model):
    _name = "review.blocked.sender"
    _description = "Blocked review sender"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    email = fields.Char(help="Normalized: reviews from this address go to Spam.")
    phone = fields.Char(
        help="In international form (E.164, e.g. +33123456789) when the number "
        "can be read with the company's country: reviews from this number go "
        "to Spam, however it is typed."
    )
    review_id = fields.Many2one(
        "review.message",
        string="Review",
        ondelete="set null",
        index="btree_not_null",
        check_company=True,
        help="The review that made someone block this sender.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Blocked by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    active = fields.Boolean(
        default=True, help="Lifting a block archives it: its history stays."
    )

    def init(self):
        # Only active blocks are unique: a lifted block may be set again later.
        # An index, not a Python check: two staff blocking the same sender at
        # once must not both succeed.
        # These also serve the email/phone lookups of every review creation.
        for column in ("email", "phone"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s, company_id) "
                    "WHERE active AND %s IS NOT NULL",
                    SQL.identifier(f"{self._table}_{column}_company_active_uniq"),
                    SQL.identifier(self._table),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )

    @api.depends("email", "phone")
    def _compute_display_name(self):
        for block in self:
            block.display_name = " / ".join(
                value for value in (block.email, block.phone) if value
            ) or _("Blocked sender")

    def _normalize_vals(self, vals, company):
        vals = dict(vals)
        if "email" in vals:
            vals["email"] = email_normalize(vals["email"] or "") or (
                (vals["email"] or "").strip().lower() or False
            )
        if "phone" in vals:
            vals["phone"] = normalize_phone(self.env, vals["phone"], company.country_id)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        # a block lifted in this transaction must be lifted for the unique index
        self.flush_model(["active", "email", "phone"])
        Company = self.env["res.company"]
        return super().create(
            [
                self._normalize_vals(
                    vals, Company.browse(vals.get("company_id")) or self.env.company
                )
                for vals in vals_list
            ]
        )

    def write(self, vals):
        if "phone" not in vals:
            return super().write(vals)
        company = self.env["res.company"].browse(vals.get("company_id"))
        for block in self:
            super(ReviewBlockedSender, block).write(
                self._normalize_vals(vals, company or block.company_id)
            )
        return True

    @api.constrains("email", "phone")
    def _check_email_or_phone(self):
        if any(not block.email and not block.phone for block in self):
            raise ValidationError(_("A blocked sender needs an email or a phone."))

    def action_lift(self):
        self.check_access("write")
        self.write({"active": False})
        return True

    @api.model
    def _block_review_sender(self, review):
        """Block the customer's email and phone not blocked yet in the review's
        company; return the values blocked by this call (may be empty)."""
        email, phone = review._sender_email_phone()
        if not email and not phone:
            raise UserError(_("Nothing to block: this customer has no email or phone."))
        company = review.company_id
        existing = self.with_context(active_test=True).search(
            [
                ("company_id", "=", company.id),
                "|",
                ("email", "in", [email] if email else []),
                ("phone", "in", [phone] if phone else []),
            ]
        )
        if email in existing.mapped("email"):
            email = False
        if phone in existing.mapped("phone"):
            phone = False
        if email or phone:
            self.create(
                {
                    "company_id": company.id,
                    "email": email,
                    "phone": phone,
                    "review_id": review.id,
                }
            )
        return [value for value in (email, phone) if value]
