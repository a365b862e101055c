from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    review_place_id = fields.Many2one(
        "review.place",
        string="Review place",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        help="The place whose inbox receives the ratings of this point of sale's "
        "orders; else the company's default place (Review Inbox settings).",
    )
    review_receipt_qr = fields.Boolean(
        string="Rating QR code on receipts",
        help="The receipt of a customer without an email address carries a QR "
        "code and a short address to a one-time rating page for that order.",
    )
