from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    review_stay_after_action = fields.Boolean(
        string="Stay on a review after acting on it",
        help="After Mark as Done, Mark as Spam, Delegate or Send reply on a "
        "review, stay on it instead of opening the next review of the list.",
    )

    review_digest_opt_out = fields.Boolean(
        string="No weekly digest",
        help="Do not send me the weekly digest of my places' reviews.",
    )
    review_digest_week = fields.Date(
        string="Last weekly digest",
        copy=False,
        readonly=True,
        help="Monday of the last week whose digest the user was sent.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        # who hears of new reviews comes from a registry cache
        # (review.message._inbox_readers), which Odoo clears when a user's
        # groups change, but not, as such, when a user is created with theirs
        if any(not user.share for user in users):
            self.env.registry.clear_cache()
        return users

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + [
            "review_stay_after_action",
            "review_digest_opt_out",
        ]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + [
            "review_stay_after_action",
            "review_digest_opt_out",
        ]

    @api.model
    @api.readonly
    def review_inbox_systray(self):
        """The systray's counter: the reviews in the Inbox that the user may
        read (their places', or their companies' for viewers and managers),
        counted under their record rules in one query; and the last bus
        message then (as mail's counters do): the web client ignores the
        older ones that the bus replays to a new tab, already counted. False
        for a user without a Review Inbox right: no counter."""
        user = self.env.user
        if not (
            user.has_group("review_inbox.group_review_inbox_user")
            or user.has_group("review_inbox.group_review_inbox_viewer")
        ):
            return False
        return {
            "count": self.env["review.message"].search_count([("state", "=", "inbox")]),
            # sudo: the id of the last bus message, of nobody in particular
            "bus_id": self.env["bus.bus"].sudo()._bus_last_id(),
        }
