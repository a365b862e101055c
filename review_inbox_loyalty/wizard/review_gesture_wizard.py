from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

# What a review may offer: a coupon, or a gift card.
GESTURE_PROGRAM_TYPES = ("coupons", "gift_card")
MANAGER_GROUP = "review_inbox.group_review_inbox_manager"


class ReviewGestureWizard(models.TransientModel):
    """Offer a coupon or a gift card to the customer of a review.

    Review managers offer any value; place staff up to the company's
    ``review_gesture_max_amount`` (0: managers only). The card is created
    without the program's own email: its code goes into the reply.
    """

    _name = "review.gesture.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Offer a gesture"

    # the customer as the user may read it, never as superuser (the default
    # of related fields)
    partner_id = fields.Many2one(
        related="review_id.partner_id", string="Customer", compute_sudo=False
    )
    company_id = fields.Many2one(related="review_id.company_id")
    program_id = fields.Many2one(
        "loyalty.program",
        string="Gesture",
        required=True,
        domain="[('program_type', 'in', ('coupons', 'gift_card')),"
        " ('company_id', 'in', [company_id, False])]",
        help="A coupon program, or a gift card program, of the review's company.",
    )
    program_type = fields.Selection(related="program_id.program_type")
    currency_id = fields.Many2one(related="program_id.currency_id")
    has_fixed_value = fields.Boolean(compute="_compute_program_value")
    reward_description = fields.Char(string="Reward", compute="_compute_program_value")
    amount = fields.Monetary(
        string="Value",
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="A gift card's amount, typed here; a coupon's value is its " "reward's.",
    )
    expiration_date = fields.Date(
        string="Valid until",
        compute="_compute_expiration_date",
        store=True,
        readonly=False,
        help="Empty: valid as long as the program.",
    )
    limit_note = fields.Char(compute="_compute_limit_note")

    @api.model
    def default_get(self, fields_list):
        """Say it at once when there is nobody to offer a gesture to."""
        values = super().default_get(fields_list)
        review = self.env["review.message"].browse(values.get("review_id"))
        if review:
            review._check_gesture_customer()
        return values

    # ------------------------------------------------------------------
    # The value of a gesture
    # ------------------------------------------------------------------

    @api.model
    def _coupon_terms(self, program):
        """(points, value) of one coupon of ``program``: the points of its
        dearest reward, and what they are worth at most in the program's
        currency, or ``None`` when a reward has no fixed value (an uncapped
        percentage)."""
        # sudo: staff have no right on loyalty rewards and products; only
        # figures are read, of a program that they may read
        rewards = program.sudo().reward_ids
        if not rewards:
            return 0.0, None
        points = max(rewards.mapped("required_points"))
        worth = []
        for reward in rewards:
            claims = int(points // reward.required_points)
            if reward.reward_type == "product":
                products = reward.reward_product_ids
                per_claim = (
                    max(products.mapped("lst_price")) * reward.reward_product_qty
                    if products
                    else None
                )
            elif reward.discount_mode == "per_order":
                per_claim = reward.discount
            elif reward.discount_mode == "per_point":
                # the discount spends every point of the coupon at once
                per_claim, claims = reward.discount * points, 1
            else:  # a percentage: worth its cap, if any
                per_claim = reward.discount_max_amount or None
            if per_claim is None:
                return points, None
            worth.append(per_claim * claims)
        return points, max(worth)

    @api.model
    def _gift_card_points(self, program, amount):
        """Points of a gift card worth ``amount``: its reward gives
        ``discount`` of the currency per point (1 by default)."""
        reward = program.sudo().reward_ids.filtered(
            lambda r: r.reward_type == "discount" and r.discount_mode == "per_point"
        )[:1]
        return amount / (reward.discount or 1.0)

    @api.depends("program_id")
    def _compute_program_value(self):
        for wizard in self:
            program = wizard.program_id
            if program.program_type == "coupons":
                _points, value = self._coupon_terms(program)
                wizard.has_fixed_value = value is not None
            else:
                wizard.has_fixed_value = bool(program)
            wizard.reward_description = ", ".join(
                program.sudo().reward_ids.mapped("description")
            )

    @api.depends("program_id")
    def _compute_amount(self):
        for wizard in self:
            program = wizard.program_id
            # a gift card's amount is typed once its program is chosen
            wizard.amount = (
                self._coupon_terms(program)[1] or 0.0
                if program.program_type == "coupons"
                else 0.0
            )

    @api.depends("program_id")
    def _compute_expiration_date(self):
        for wizard in self:
            wizard.expiration_date = wizard.program_id.date_to

    @api.depends("company_id")
    def _compute_limit_note(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for wizard in self:
            company = wizard.company_id
            limit = company.review_gesture_max_amount
            if is_manager:
                wizard.limit_note = False
            elif limit:
                wizard.limit_note = _(
                    "You may offer a gesture worth %(amount)s at most; above it, "
                    "ask a review manager.",
                    amount=format_amount(self.env, limit, company.currency_id),
                )
            else:
                wizard.limit_note = _("Only review managers offer gestures.")

    # ------------------------------------------------------------------
    # Checks, then the card
    # ------------------------------------------------------------------

    def _check_program(self):
        """A coupon or gift card program of the review's company, running."""
        self.ensure_one()
        program = self.program_id
        if not program.active or program.program_type not in GESTURE_PROGRAM_TYPES:
            raise UserError(
                _("A gesture is a coupon or a gift card of an active program.")
            )
        if program.company_id and program.company_id != self.review_id.company_id:
            raise UserError(
                _(
                    "%(program)s belongs to another company than the review.",
                    program=program.name,
                )
            )
        today = fields.Date.context_today(self)
        if program.date_to and program.date_to < today:
            raise UserError(
                _(
                    "%(program)s ended on %(date)s.",
                    program=program.name,
                    date=format_date(self.env, program.date_to),
                )
            )
        if self.expiration_date:
            if self.expiration_date < today:
                raise UserError(_("The gesture cannot expire in the past."))
            if program.date_to and self.expiration_date > program.date_to:
                raise UserError(
                    _(
                        "%(program)s ends on %(date)s: the gesture cannot be "
                        "valid longer.",
                        program=program.name,
                        date=format_date(self.env, program.date_to),
                    )
                )

    def _gesture_terms(self):
        """(points, value) of the card to create; value in the program's
        currency, ``None`` for a coupon without a fixed value."""
        self.ensure_one()
        program = self.program_id
        if program.program_type == "gift_card":
            if self.amount <= 0:
                raise UserError(_("Say how much the gift card is worth."))
            return self._gift_card_points(program, self.amount), self.amount
        points, value = self._coupon_terms(program)
        if not points:
            raise UserError(
                _("%(program)s has no reward to offer.", program=program.name)
            )
        return points, value

    def _check_value_allowed(self, value):
        """Review managers offer any value; place staff up to the company's
        limit, in its currency."""
        self.ensure_one()
        if self.env.user.has_group(MANAGER_GROUP):
            return
        company = self.review_id.company_id
        limit = company.review_gesture_max_amount
        if not limit:
            raise UserError(
                _(
                    "Only review managers offer gestures in %(company)s: ask "
                    "one of them.",
                    company=company.name,
                )
            )
        if value is None:
            raise UserError(
                _(
                    "%(program)s has no fixed value (a percentage without a "
                    "cap): only review managers offer it.",
                    program=self.program_id.name,
                )
            )
        in_company_currency = self.currency_id._convert(
            value, company.currency_id, company, fields.Date.context_today(self)
        )
        if company.currency_id.compare_amounts(in_company_currency, limit) > 0:
            raise UserError(
                _(
                    "This gesture is worth %(value)s: place staff offer up to "
                    "%(limit)s. Ask a review manager.",
                    value=format_amount(self.env, value, self.currency_id),
                    limit=format_amount(self.env, limit, company.currency_id),
                )
            )

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.check_access("write")
        review._check_gesture_customer()
        self._check_program()
        points, value = self._gesture_terms()
        self._check_value_allowed(value)

        # sudo: place staff have no right on loyalty cards; who may offer what
        # was checked above. loyalty_no_mail: not the program's own email on
        # creation, the code goes into the reply instead.
        card = (
            self.env["loyalty.card"]
            .sudo()
            .with_context(loyalty_no_mail=True)
            .create(
                {
                    "program_id": self.program_id.id,
                    "partner_id": review.partner_id.id,
                    "points": points,
                    "expiration_date": self.expiration_date,
                    "review_id": review.id,
                    "review_gesture_amount": value or 0.0,
                }
            )
        )
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "issued": points,
                # the customer may read it (portal): it names the place only
                "description": _(
                    "Goodwill gesture from %(place)s", place=review.place_id.name
                ),
            }
        )
        review._log_action(self._log_message(card, value))
        return {
            "type": "ir.actions.client",
            "tag": "review_inbox_loyalty.insert_in_reply",
            "params": {
                "review_id": review.id,
                "text": card.code,
                "next": {
                    "type": "ir.actions.client",
                    "tag": "display_notification",
                    "params": {
                        "type": "success",
                        "message": _(
                            "%(program)s offered: its code %(code)s is in your reply.",
                            program=self.program_id.name,
                            code=card.code,
                        ),
                        "next": {"type": "ir.actions.act_window_close"},
                    },
                },
            },
        }

    def _log_message(self, card, value):
        lines = [
            _(
                "Goodwill gesture offered: %(program)s, code %(code)s",
                program=self.program_id.name,
                code=card.code,
            )
        ]
        if value:
            lines.append(
                _(
                    "Value: %(value)s",
                    value=format_amount(self.env, value, self.currency_id),
                )
            )
        if card.expiration_date:
            lines.append(
                _(
                    "Valid until %(date)s",
                    date=format_date(self.env, card.expiration_date),
                )
            )
        return Markup("<br/>").join(lines)
