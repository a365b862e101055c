import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize

PHONE_STRIP_RE = re.compile(r"[^0-9]")


def normalize_phone(phone):
    """Digits only, with the leading + kept: "+33 1-23" and "+33123" match."""
    phone = (phone or "").strip()
    digits = PHONE_STRIP_RE.sub("", phone)
    if not digits:
        return False
    return f"+{digits}" if phone.startswith("+") else digits


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
        help="Digits and a leading + only: reviews from this number go to Spam."
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

    @api.model
    def _normalize_vals(self, vals):
        vals = dict(vals)
        if "email" in vals:
            vals["email"] = email_normalize(vals["email"] or "") or (
                (vals["email"] or "").strip().lower() or False
            )
        if "phone" in vals:
            vals["phone"] = normalize_phone(vals["phone"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        # a block lifted in this transaction must be lifted for the unique index
        self.flush_model(["active", "email", "phone"])
        return super().create([self._normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_vals(vals))

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
        partner = review.partner_id
        email = partner.email_normalized or False
        phone = normalize_phone(partner.phone) or normalize_phone(partner.mobile)
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


class ReviewMessage(models.Model):
    # kept next to the blocks it enforces, as the API's extension is with the API
    _inherit = "review.message"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._apply_sender_blocks()
        return reviews

    def _apply_sender_blocks(self):
        """Move to Spam the reviews whose customer is blocked in their company.

        One search for the whole batch: imports and the API create many.
        """
        reviews = self.filtered("partner_id")
        if not reviews:
            return
        partners = reviews.partner_id.sudo()  # their contact only, to match blocks
        emails = {partner.email_normalized for partner in partners} - {False}
        phones = {
            normalize_phone(number)
            for partner in partners
            for number in (partner.phone, partner.mobile)
        } - {False}
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
                for value in (
                    review.partner_id.sudo().email_normalized,
                    normalize_phone(review.partner_id.sudo().phone),
                    normalize_phone(review.partner_id.sudo().mobile),
                )
                if value
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
            partner = review.partner_id
            if not partner.email_normalized and not (
                normalize_phone(partner.phone) or normalize_phone(partner.mobile)
            ):
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
