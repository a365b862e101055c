import re
from urllib.parse import urlencode

from odoo import http
from odoo.http import request

from ..models.review_conversation import ReplyAnswerRefused, ReplyLinkGone
from ..tools.intake import TEXT_MAX_LENGTH, has_control_characters

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


def use_lang(lang):
    """Render in ``lang`` if it is an installed language; return whether it
    is (else the request's own language stays)."""
    installed = dict(request.env["res.lang"].get_installed())  # cached
    if isinstance(lang, str) and lang in installed:
        request.update_context(lang=lang)
        return True
    return False


class ReviewReplyController(http.Controller):
    """The customer's reply page, reached through the one-time link of a reply.

    GET (and HEAD) never change anything: mail scanners open links before
    customers do. Only a POST with an answer consumes the link. Pages of a
    known link speak the customer's language, not the browser's.
    """

    def _link_error(self, status):
        """A plain page that tells nothing of any review."""
        return render_public(
            "review_inbox.reply_link_error", {"status": status}, status=status
        )

    def _use_lang(self, lang):
        return use_lang(lang)

    def _use_customer_lang(self, entry_sudo):
        """The language of the reply's email (read with the link itself), else
        the review's customer's, else its company's."""
        if self._use_lang(entry_sudo.lang):
            return True
        review_sudo = entry_sudo.review_id
        return self._use_lang(review_sudo.partner_id.lang) or self._use_lang(
            review_sudo.company_id.partner_id.lang
        )

    def _entry_from_link(self, token):
        """(entry as superuser, error response): the staff entry the link was
        issued with. The link is the customer's credential for this one
        review and its conversation."""
        if not TOKEN_RE.fullmatch(token or ""):
            return None, self._link_error(404)
        entry_sudo = request.env["review.conversation.entry"]._from_token(token)
        if not entry_sudo:
            return None, self._link_error(404)
        self._use_customer_lang(entry_sudo)
        if entry_sudo._link_status() != "valid":
            return None, self._link_error(410)
        return entry_sudo, None

    def _render_page(self, entry_sudo, token, answer="", error=None, status=200):
        review_sudo = entry_sudo.review_id
        # the whole conversation in one query
        entries_sudo = entry_sudo.search_fetch(
            [("review_id", "=", review_sudo.id)], ["author_type", "date", "body"]
        )
        return render_public(
            "review_inbox.reply_page",
            {
                "review": review_sudo,
                "entries": entries_sudo,
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
    def reply_thanks(self, lang=None, **kwargs):
        # the language of the answered link, passed by its redirect
        self._use_lang(lang)
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
        entry_sudo, error = self._entry_from_link(token)
        return error or self._render_page(entry_sudo, token)

    @http.route(
        "/review/reply/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def reply_submit(self, token, answer="", **kwargs):
        entry_sudo, error = self._entry_from_link(token)
        if error:
            return error
        if not isinstance(answer, str):
            answer = ""
        try:
            entry_sudo._submit_customer_answer(answer)
        except ReplyLinkGone:
            return self._link_error(410)
        except ReplyAnswerRefused as refused:
            # shown again to be fixed, without what no page may hold (NUL...)
            shown = answer[:TEXT_MAX_LENGTH]
            if has_control_characters(shown, allow_newlines=True):
                shown = "".join(
                    char
                    for char in shown
                    if char in "\r\n\t" or not has_control_characters(char)
                )
            return self._render_page(
                entry_sudo, token, answer=shown, error=refused.args[0], status=400
            )
        query = {"lang": request.env.lang} if request.env.lang else {}
        return redirect_public(
            "/review/reply/thanks" + (f"?{urlencode(query)}" if query else "")
        )
