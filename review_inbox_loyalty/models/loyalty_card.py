from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.sql import column_exists, create_column

# Columns of every loyalty card that are empty until a card is a gesture:
# created before the ORM sees their fields, so that installing the module does
# not compute them card by card for every existing card.
EMPTY_COLUMNS = (
    ("review_place_id", "int4"),
    ("review_redeemed_date", "timestamp"),
    ("review_redeemed_order", "varchar"),
)


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    review_id = fields.Many2one(
        "review.message",
        string="Review",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The review this card was offered from, as a goodwill gesture.",
    )
    review_place_id = fields.Many2one(
        related="review_id.place_id",
        store=True,
        index="btree_not_null",
        string="Review's place",
    )
    review_gesture_amount = fields.Monetary(
        string="Gesture value",
        readonly=True,
        copy=False,
        help="The value offered from the review, in the program's currency: "
        "a gift card's amount, a coupon's reward (0 when it has no fixed value, "
        "such as an uncapped percentage).",
    )
    # The first use of the card on an order, from loyalty's own history (sale
    # and point of sale orders write it alike): stored, so that the review
    # shows it and reports count redeemed gestures without reading orders.
    review_redeemed_date = fields.Datetime(
        string="Used on",
        compute="_compute_review_redemption",
        store=True,
    )
    review_redeemed_order = fields.Char(
        string="Used with",
        compute="_compute_review_redemption",
        store=True,
    )

    @api.constrains("review_id", "company_id")
    def _check_review_company(self):
        for card in self.filtered("review_id"):
            company = card.company_id
            if company and company != card.review_id.sudo().company_id:
                raise ValidationError(
                    _(
                        "The card %(code)s is of %(company)s: it cannot be a "
                        "gesture of another company's review.",
                        code=card.code,
                        company=company.name,
                    )
                )

    def _auto_init(self):
        for name, column_type in EMPTY_COLUMNS:
            if not column_exists(self.env.cr, self._table, name):
                create_column(self.env.cr, self._table, name, column_type)
        return super()._auto_init()

    @api.depends(
        "review_id",
        "history_ids.used",
        "history_ids.order_model",
        "history_ids.order_id",
    )
    def _compute_review_redemption(self):
        for card in self:
            uses = card.review_id and card.history_ids.filtered(
                lambda line: line.used > 0 and line.order_model and line.order_id
            )
            first = uses and uses.sorted(lambda line: (line.create_date, line.id))[0]
            card.review_redeemed_date = first.create_date if first else False
            card.review_redeemed_order = (
                first._get_order_description()
                if first and first.order_model in self.env
                else False
            )
