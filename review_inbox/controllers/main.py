import re

from odoo import _, http
from odoo.exceptions import ValidationError
from odoo.http import request

from ..tools.intake import TEXT_MAX_LENGTH, clean_text

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
SECURITY_HEADERS = {
    # the token is in the URL: never send it to another site
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


def render_public(template, values=None, status=200, headers=None):
    """A public page of the addon, with the headers that keep it private."""
    response = request.render(template, values or {}, status=status)
    response.headers.update(SECURITY_HEADERS)
    response.headers.update(headers or {})
    return response


def redirect_public(path):
    """303 to another public page of the addon, with the same headers."""
    response = request.redirect(path, code=303, local=True)
    response.headers.update(SECURITY_HEADERS)
    return response


class ReviewReplyController(http.Controller):
    """The customer's reply page, reached through the one-time link of a reply.

    GET (and HEAD) never change anything: mail scanners open links before
    customers do. Only a POST with an answer consumes the link.
    """

    def _link_error(self, status):
        """A plain page that tells nothing of any review."""
        return render_public(
            "review_inbox.reply_link_error", {"status": status}, status=status
        )

    def _entry_from_link(self, token):
        """(entry, error response): the staff entry the link was issued with."""
        if not TOKEN_RE.fullmatch(token or ""):
            return None, self._link_error(404)
        entry = request.env["review.conversation.entry"]._from_token(token)
        if not entry:
            return None, self._link_error(404)
        if entry._link_status() != "valid":
            return None, self._link_error(410)
        return entry, None

    def _render_page(self, entry, token, answer="", error=None, status=200):
        # the link is the customer's credential for this one review and its
        # conversation
        review = entry.review_id.sudo()
        Entry = request.env["review.conversation.entry"].sudo()
        entries = Entry.search_fetch(  # the whole conversation in one query
            [("review_id", "=", review.id)], ["author_type", "date", "body"]
        )
        return render_public(
            "review_inbox.reply_page",
            {
                "review": review,
                "entries": entries,
                "token": token,
                "answer": answer,
                "error": error,
                "max_length": TEXT_MAX_LENGTH,
            },
            status=status,
        )

    @http.route(
        "/review/reply/thanks",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def reply_thanks(self, **kwargs):
        return render_public("review_inbox.reply_thanks")

    @http.route(
        "/review/reply/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def reply_page(self, token, **kwargs):
        entry, error = self._entry_from_link(token)
        return error or self._render_page(entry, token)

    @http.route(
        "/review/reply/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def reply_submit(self, token, answer="", **kwargs):
        entry, error = self._entry_from_link(token)
        if error:
            return error
        try:
            answer = clean_text(
                request.env, answer, _("Write your message before sending it.")
            )
        except ValidationError as error:
            return self._render_page(
                entry,
                token,
                answer=(answer or "")[:TEXT_MAX_LENGTH],
                error=str(error),
                status=400,
            )
        if not entry._claim_token():
            # used meanwhile (double click, second tab): store nothing more
            return self._link_error(410)
        entry.review_id.sudo()._receive_customer_answer(
            answer, "web", conversation=entry.conversation_id
        )
        return redirect_public("/review/reply/thanks")
