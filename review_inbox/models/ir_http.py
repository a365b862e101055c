from odoo import models

from ..tools import intake


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """The web client's text areas take their limit from the intake rules,
        so that it is defined once, on the server."""
        info = super().session_info()
        info["review_inbox_text_max_length"] = intake.TEXT_MAX_LENGTH
        return info
