from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, format_datetime

# Written in a reply or a common reply: the code of the newest gesture.
COUPON_CODE = "{coupon_code}"


class ReviewMessage(models.Model):
    _inherit = "review.message"

    # Place staff have no right on loyalty cards, and reading a One2many
    # searches its records with the reader's rights: the One2many is
    # technical (the ORM follows loyalty.card.review_id through it), what
    # everyone reads is its computed copy.
    loyalty_card_ids = fields.One2many(
        "loyalty.card",
        "review_id",
        string="Loyalty cards",
        groups="base.group_system",
        context={"active_test": False},
    )
    gesture_card_ids = fields.Many2many(
        "loyalty.card",
        string="Goodwill gestures",
        compute="_compute_gesture_card_ids",
        compute_sudo=True,
        help="The coupons and gift cards offered to the customer from this "
        "review, newest first.",
    )
    gesture_summary = fields.Html(
        string="Gestures offered",
        compute="_compute_gesture_summary",
        # read as superuser: the gestures are the review's, which the reader
        # may read; rendered from our template, every value escaped
        compute_sudo=True,
        sanitize=False,
    )

    @api.depends("loyalty_card_ids")
    def _compute_gesture_card_ids(self):
        for review in self:
            review.gesture_card_ids = review.loyalty_card_ids.sorted("id", reverse=True)

    @api.depends(
        "loyalty_card_ids.code",
        "loyalty_card_ids.expiration_date",
        "loyalty_card_ids.review_gesture_amount",
        "loyalty_card_ids.review_redeemed_date",
        "loyalty_card_ids.review_redeemed_order",
    )
    def _compute_gesture_summary(self):
        for review in self:
            cards = review.gesture_card_ids
            review.gesture_summary = (
                self.env["ir.qweb"]._render(
                    "review_inbox_loyalty.review_gesture_summary",
                    {"gestures": [review._gesture_display(card) for card in cards]},
                )
                if cards
                else False
            )

    def _gesture_display(self, card):
        """What the review shows of a gesture, in the reader's language."""
        today = fields.Date.context_today(self)
        value = (
            format_amount(self.env, card.review_gesture_amount, card.currency_id)
            if card.review_gesture_amount
            else card.program_id.reward_ids[:1].description or ""
        )
        return {
            "code": card.code,
            "program": card.program_id.name,
            "value": value,
            "expiry": card.expiration_date
            and format_date(self.env, card.expiration_date),
            "expired": bool(
                card.expiration_date
                and card.expiration_date < today
                and not card.review_redeemed_date
            ),
            "used_date": card.review_redeemed_date
            and format_datetime(
                self.env, card.review_redeemed_date, tz=self.env.user.tz
            ),
            "used_order": card.review_redeemed_order,
        }

    def _gesture_pending_code(self):
        """What {coupon_code} stands for: the code of the newest gesture."""
        self.ensure_one()
        # sudo: the review's own gestures, its write access checked by the
        # callers (a reply, a common reply applied to it)
        return self.sudo().gesture_card_ids[:1].code or False

    def _prepare_reply_body(self, body):
        body = super()._prepare_reply_body(body)
        if COUPON_CODE not in body:
            return body
        code = self._gesture_pending_code()
        if not code:
            raise UserError(
                _(
                    "Your reply holds %(placeholder)s, but no gesture was offered "
                    "to this customer yet: offer one first (Offer a gesture), or "
                    "take %(placeholder)s out of the reply.",
                    placeholder=COUPON_CODE,
                )
            )
        return body.replace(COUPON_CODE, code)

    def action_offer_gesture(self):
        """Offer a coupon or a gift card to the customer (the wizard)."""
        self.ensure_one()
        self.check_access("write")
        self._check_gesture_customer()
        return {
            "type": "ir.actions.act_window",
            "name": _("Offer a gesture"),
            "res_model": "review.gesture.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_review_id": self.id},
        }

    def _check_gesture_customer(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                _(
                    "This review has no customer: a coupon or a gift card is "
                    "offered to a customer. Set the customer first."
                )
            )
