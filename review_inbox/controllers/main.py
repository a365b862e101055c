import re
from urllib.parse import urlencode

from odoo import http
from odoo.http import request
from odoo.tools.misc import get_lang

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
    """A public page of the addon, with the headers that keep it private.
    ``review_company`` in ``values``: the company whose logo (else name) the
    page shows."""
    values = dict(values or {})
    company = values.get("review_company")
    values["review_brand"] = company._review_public_brand() if company else None
    response = request.render(template, values, status=status)
    response.headers.update(SECURITY_HEADERS)
    response.headers.update(headers or {})
    return response


def use_public_lang(*langs):
    """Render the customer's pages in the first of ``langs`` that is
    installed, else in the database's language: never in the browser's.
    Return the language used.

    The database's language is the one it gives new contacts, that of its
    creation and its main company (``res.lang.install_lang``), read from a
    registry cache: a page of an unknown link runs no query for it.
    """
    installed = dict(request.env["res.lang"].get_installed())  # cached
    default = request.env["ir.default"]._get_model_defaults("res.partner").get("lang")
    lang = next(
        (
            lang
            for lang in (*langs, default)
            if isinstance(lang, str) and lang in installed
        ),
        None,
    )
    if not lang:
        # Odoo's own fallback: the company's language, else English
        lang = get_lang(request.env(context={})).code
    request.update_context(lang=lang)
    return lang


def redirect_public(path):
    """303 to another public page of the addon, with the same headers."""
    response = request.redirect(path, code=303, local=True)
    response.headers.update(SECURITY_HEADERS)
    return response


class ReviewReplyController(http.Controller):
    """The customer's reply page, reached through the one-time link of a reply.

    GET (and HEAD) never change anything: mail scanners open links before
    customers do. Only a POST with an answer consumes the link. Pages of a
    known link speak the customer's language (else the company's), the
    others the database's: never the browser's.
    """

    # the company of the link the customer just answered, for the thank-you page
    THANKS_SESSION_KEY = "review_inbox_answered_company_id"

    def _link_error(self, status, company=None):
        """A plain page that tells nothing of any review: a spent link shows
        the logo of the company that sent it, an unknown one nothing."""
        return render_public(
            "review_inbox.reply_link_error",
            {"status": status, "review_company": company},
            status=status,
        )

    def _entry_from_link(self, token):
        """(entry as superuser, error response): the staff entry the link was
        issued with, read in the customer's language. The link is the
        customer's credential for this one review and its conversation."""
        entry_sudo = None
        if TOKEN_RE.fullmatch(token or ""):
            entry_sudo = request.env["review.conversation.entry"]._from_token(token)
        if not entry_sudo:
            use_public_lang()
            return None, self._link_error(404)
        # The language of the reply's email, read with the link itself, else
        # the review's customer's, else its company's.
        use_public_lang(entry_sudo.lang or entry_sudo.review_id._customer_lang())
        # what is read from now on (place names, messages) speaks it too
        entry_sudo = entry_sudo.with_env(request.env(su=True))
        if entry_sudo._link_status() != "valid":
            return None, self._link_error(410, entry_sudo.company_id)
        return entry_sudo, None

    def _render_page(self, entry_sudo, token, answer="", error=None, status=200):
        review_sudo = entry_sudo.review_id
        # the whole conversation in one query
        entries_sudo = entry_sudo.search_fetch(
            [("review_id", "=", review_sudo.id)],
            ["author_type", "author_id", "date", "body"],
        )
        # the page's people in one query: staff names, the customer's and
        # the company's time zones
        (
            entries_sudo.author_id
            | review_sudo.partner_id
            | review_sudo.company_id.partner_id
        ).fetch(["name", "tz"])
        return render_public(
            "review_inbox.reply_page",
            {
                "review": review_sudo,
                "review_company": review_sudo.company_id,
                "entries": entries_sudo,
                "staff_names": entries_sudo._staff_shown_names(),
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
        use_public_lang(lang)
        company_id = request.session.get(self.THANKS_SESSION_KEY)
        # sudo: the logo and name of the company whose link this session
        # just answered (stored by reply_submit), as the reply page showed
        company = (
            request.env["res.company"].sudo().browse(company_id).exists()
            if isinstance(company_id, int)
            else None
        )
        return render_public("review_inbox.reply_thanks", {"review_company": company})

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
            return self._link_error(410, entry_sudo.company_id)
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
        request.session[self.THANKS_SESSION_KEY] = entry_sudo.company_id.id
        query = {"lang": request.env.lang} if request.env.lang else {}
        return redirect_public(
            "/review/reply/thanks" + (f"?{urlencode(query)}" if query else "")
        )
