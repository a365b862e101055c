import re
from urllib.parse import urlencode

from odoo import http
from odoo.http import request
from odoo.tools import consteq

from ..models.review_request import RatingLinkGone
from ..tools import intake
from .main import TOKEN_RE, redirect_public, render_public, use_lang
from .review_form import ReviewFormController

# tools.hmac: the hexadecimal SHA-256 of an unsubscribe link
UNSUBSCRIBE_TOKEN_RE = re.compile(r"[0-9a-f]{64}")


class ReviewRateController(http.Controller):
    """The rating page, reached through the one-time link of a rating
    request, and the unsubscribe link of its email.

    GET (and HEAD) never change anything: mail scanners open every link of
    an email, the five star links included, which only preselect the stars.
    Only a POST with a rating spends the link. Pages of a known link speak
    the customer's language, not the browser's.
    """

    def _link_error(self, status):
        """A plain page that tells nothing of any request."""
        return render_public(
            "review_inbox.rate_link_error", {"status": status}, status=status
        )

    def _request_from_link(self, token):
        """(request as superuser, error response): the rating request the
        link was issued with. The link is the customer's credential for this
        one request."""
        if not TOKEN_RE.fullmatch(token or ""):
            return None, self._link_error(404)
        request_sudo = request.env["review.request"]._from_token(token)
        if not request_sudo:
            return None, self._link_error(404)
        # the customer's language, else the company's (read with the link)
        use_lang(request_sudo.lang) or use_lang(request_sudo.company_id.partner_id.lang)
        request_sudo = request_sudo.with_context(lang=request.env.lang)
        if request_sudo._link_status() != "valid":
            return None, self._link_error(410)
        return request_sudo, None

    @staticmethod
    def _score(value):
        """The score of a star link or of the form, or None."""
        if not isinstance(value, str):
            return None
        score = ReviewFormController._rating(value)
        return score if score is not None and 1 <= score <= intake.RATING_MAX else None

    def _render_page(
        self, request_sudo, token, score=None, comment="", error=None, status=200
    ):
        return render_public(
            "review_inbox.rate_page",
            {
                "review_request": request_sudo,
                "place": request_sudo.place_id,
                "review_company": request_sudo.company_id,
                "document_label": request_sudo._get_rated_document_label(),
                "token": token,
                "score": score,
                "comment": comment,
                "error": error,
                "max_length": intake.TEXT_MAX_LENGTH,
            },
            status=status,
        )

    @http.route(
        "/review/rate/thanks",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def rate_thanks(self, lang=None, **kwargs):
        # the language of the rated link, passed by its redirect
        use_lang(lang)
        return render_public("review_inbox.rate_thanks")

    @http.route(
        "/review/rate/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def rate_page(self, token, score=None, **kwargs):
        request_sudo, error = self._request_from_link(token)
        if error:
            return error
        # a star link of the email: preselected, never stored
        return self._render_page(request_sudo, token, score=self._score(score))

    @http.route(
        "/review/rate/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def rate_submit(self, token, rating=None, comment="", **kwargs):
        request_sudo, error = self._request_from_link(token)
        if error:
            return error
        if not isinstance(comment, str):
            comment = ""
        score = self._score(rating)
        try:
            request_sudo._submit_rating(score, comment)
        except RatingLinkGone:
            return self._link_error(410)
        except intake.IntakeError as refused:
            # shown again to be fixed, without what no page may hold (NUL...)
            shown = ReviewFormController._printable(
                comment[: intake.TEXT_MAX_LENGTH], allow_newlines=True
            )
            return self._render_page(
                request_sudo,
                token,
                score=score,
                comment=shown,
                error=refused.args[0],
                status=400,
            )
        query = {"lang": request.env.lang} if request.env.lang else {}
        return redirect_public(
            "/review/rate/thanks" + (f"?{urlencode(query)}" if query else "")
        )

    # ------------------------------------------------------------------
    # Unsubscribe
    # ------------------------------------------------------------------

    def _partner_from_unsubscribe_link(self, partner_id, token):
        """The customer of a valid unsubscribe link, as superuser, or None."""
        if not UNSUBSCRIBE_TOKEN_RE.fullmatch(token or ""):
            return None
        # sudo: the signed link is the customer's credential
        partner_sudo = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner_sudo or not consteq(
            partner_sudo._review_unsubscribe_token(), token
        ):
            return None
        use_lang(partner_sudo.lang)
        return partner_sudo

    @http.route(
        "/review/unsubscribe/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def unsubscribe_page(self, partner_id, token, **kwargs):
        """Asks for a confirmation: a link opened changes nothing."""
        partner_sudo = self._partner_from_unsubscribe_link(partner_id, token)
        if partner_sudo is None:
            return self._link_error(404)
        return render_public(
            "review_inbox.rate_unsubscribe",
            {
                "partner_id": partner_sudo.id,
                "token": token,
                "done": partner_sudo.review_request_opt_out,
            },
        )

    # CSRF off: RFC 8058's one-click POST comes from the mail client, without
    # a session; the signed link is the credential
    @http.route(
        "/review/unsubscribe/<int:partner_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
        csrf=False,
    )
    def unsubscribe(self, partner_id, token, **kwargs):
        partner_sudo = self._partner_from_unsubscribe_link(partner_id, token)
        if partner_sudo is None:
            return self._link_error(404)
        partner_sudo._review_request_unsubscribe()
        return render_public(
            "review_inbox.rate_unsubscribe",
            {"partner_id": partner_sudo.id, "token": token, "done": True},
        )
