from odoo import http
from odoo.http import request

from odoo.addons.review_inbox.controllers.main import (
    SECURITY_HEADERS,
    render_public,
    use_public_lang,
)
from odoo.addons.review_inbox.models.review_token_mixin import is_token


class ReviewReceiptLinkController(http.Controller):
    """The short address printed on a receipt under its rating QR code, short
    enough to type: ``/rv/<token>``.

    It sends the browser on to the rating page, the same redirect whatever
    the token (a known and an unknown one look alike; the rating page
    decides). A customer scans the receipt at the till, often before the job
    made the order's request (every 5 minutes): it is made here, so that the
    rating page finds it on its read-only cursor.
    """

    @http.route(
        "/rv/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
    )
    def receipt_link(self, token, **kwargs):
        if not is_token(token):
            use_public_lang()
            return render_public(
                "review_inbox.rate_link_error", {"status": 404}, status=404
            )
        request.env["pos.order"]._review_schedule_receipt_link(token)
        response = request.redirect(f"/review/rate/{token}", code=302, local=True)
        response.headers.update(SECURITY_HEADERS)
        return response
