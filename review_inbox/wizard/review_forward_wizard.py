from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ReviewForwardWizard(models.TransientModel):
    _name = "review.forward.wizard"
    _inherit = ["review.wizard.mixin"]
    _description = "Forward to a co-worker"

    user_id = fields.Many2one(
        "res.users",
        string="Co-worker",
        required=True,
        domain="[('id', 'in', allowed_user_ids)]",
    )
    allowed_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_allowed_user_ids",
        compute_sudo=False,
        string="Co-workers who can access the place",
    )
    message = fields.Text(help="Sent to the co-worker with the review.")

    @api.depends("review_id")
    def _compute_allowed_user_ids(self):
        """The staff of the review's place and the review managers of its
        company: those offered (``action_confirm`` still checks the choice)."""
        managers = self.env.ref("review_inbox.group_review_inbox_manager")
        Users = self.env["res.users"]
        for wizard in self:
            review = wizard.review_id
            if not review:
                wizard.allowed_user_ids = False
                continue
            company = review.company_id
            staff = review.place_id.user_ids.filtered(
                lambda user, company=company: not user.share
                and company in user.company_ids
            )
            wizard.allowed_user_ids = staff | Users.search(
                [
                    ("share", "=", False),
                    ("groups_id", "in", managers.ids),
                    ("company_ids", "in", company.ids),
                ]
            )

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.check_access("write")
        user = self.user_id
        if user.share:
            raise UserError(
                _("%(user)s is not an internal user.", user=user.display_name)
            )
        # The co-worker's own rules decide, over all the companies they belong to
        # (the current ones may not be theirs).
        review_as_user = review.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )
        if not review_as_user.has_access("read"):
            raise UserError(
                _(
                    "%(user)s cannot access the reviews of %(place)s.",
                    user=user.display_name,
                    place=review.place_id.display_name,
                )
            )

        log = self._log_body(
            _("Forwarded to %(user)s", user=user.display_name), self.message
        )
        # The co-worker gets the notification below, which carries the message,
        # instead of the generic "you have been assigned" one.
        review.with_context(mail_auto_subscribe_no_notify=True)._log_action(
            log, {"user_id": user.id}
        )
        review.message_subscribe(partner_ids=user.partner_id.ids)
        if user != self.env.user:
            notification = _(
                "%(author)s forwarded you this review.", author=self.env.user.name
            )
            if (self.message or "").strip():
                notification = Markup("%s<br/><br/>%s") % (
                    notification,
                    self._text_to_html(self.message),
                )
            review.message_notify(
                partner_ids=user.partner_id.ids,
                subject=_(
                    "Review forwarded to you: %(review)s", review=review.display_name
                ),
                body=notification,
                record_name=review.display_name,
                email_layout_xmlid="mail.mail_notification_layout",
            )
        return {"type": "ir.actions.act_window_close"}
