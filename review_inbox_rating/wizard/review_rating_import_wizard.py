from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

IMPORT_DAYS_DEFAULT = 30
IMPORT_DAYS_MAX = 3650


class ReviewRatingImportWizard(models.TransientModel):
    """Bring into the inbox the ratings given before the bridge was
    installed, or while a route was missing."""

    _name = "review.rating.import.wizard"
    _description = "Import past Odoo ratings"

    days = fields.Integer(
        default=IMPORT_DAYS_DEFAULT,
        required=True,
        help="The ratings given in these last days, without a review yet, are "
        "brought into the inbox.",
    )

    @api.constrains("days")
    def _check_days(self):
        if any(not 1 <= wizard.days <= IMPORT_DAYS_MAX for wizard in self):
            raise ValidationError(
                _("Import the ratings of 1 to %(max)s days.", max=IMPORT_DAYS_MAX)
            )

    def action_import(self):
        """Start an import of the ratings of these days, for the job: the
        reviews come in batches, each committed, however many there are."""
        self.ensure_one()
        Rating = self.env["rating.rating"]
        Rating._review_check_manager()
        # checked above: the documents of the user's companies only
        self.env["review.rating.import"]._start(self.days, self.env.companies)
        Rating._review_trigger_sync()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Import started: the reviews of the ratings of the last "
                    "%(days)s days appear in the inbox within minutes.",
                    days=self.days,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
