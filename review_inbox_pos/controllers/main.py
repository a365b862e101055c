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

    It only sends the browser on to the rating page: it looks nothing up and
    stores nothing, so that it tells nothing of any link (a known and an
    unknown token get the same redirect; the rating page decides).
    """

    @http.route(
        "/rv/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def receipt_link(self, token, **kwargs):
        if not is_token(token):
            use_public_lang()
            return render_public(
                "review_inbox.rate_link_error", {"status": 404}, status=404
            )
        response = request.redirect(f"/review/rate/{token}", code=302, local=True)
        response.headers.update(SECURITY_HEADERS)
        return response
