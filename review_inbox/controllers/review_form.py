import re

from odoo import _, http
from odoo.http import request

from ..tools import intake
from ..tools.intake import clean_text
from .main import redirect_public, render_public, use_public_lang

# secrets.token_urlsafe(16): 22 characters of the URL-safe base64 alphabet.
KEY_RE = re.compile(r"[A-Za-z0-9_-]{22}")
COMMENT_MAX_LENGTH = intake.TEXT_MAX_LENGTH
NAME_MAX_LENGTH = intake.NAME_MAX_LENGTH
EMAIL_MAX_LENGTH = intake.EMAIL_MAX_LENGTH
PHONE_MAX_LENGTH = intake.PHONE_MAX_LENGTH


class ReviewFormController(http.Controller):
    """The public review form of a place, reached by its random key.

    Anyone may post: every refusal (bad form, rate limit, honeypot) stores
    nothing at all.
    """

    def _not_found(self):
        """A plain page that tells nothing of any place."""
        return render_public("review_inbox.review_form_not_found", status=404)

    def _place_from_key(self, key):
        """The place of the key, as superuser, read in its company's language,
        which the request speaks from now on (no customer is known yet);
        else None, the request in the database's language."""
        place = None
        if KEY_RE.fullmatch(key or ""):
            # the key is the public's only credential: the place is found by it
            place = (
                request.env["review.place"]
                .sudo()
                .search([("review_form_key", "=", key)], limit=1)
            )
        if not place:
            use_public_lang()
            return None
        use_public_lang(place.company_id.partner_id.lang)
        return place.with_env(request.env(su=True))

    def _render_form(self, place, key, values=None, errors=None, status=200):
        return render_public(
            "review_inbox.review_form_page",
            {
                "place": place,
                "review_company": place.company_id,
                "key": key,
                "values": values or {},
                "errors": errors or [],
                "comment_max_length": COMMENT_MAX_LENGTH,
                "name_max_length": NAME_MAX_LENGTH,
                "email_max_length": EMAIL_MAX_LENGTH,
                "phone_max_length": PHONE_MAX_LENGTH,
            },
            status=status,
        )

    @staticmethod
    def _printable(text, allow_newlines=False):
        """``text`` without its control characters, to be shown again."""
        return "".join(
            char
            for char in text
            if not intake.has_control_characters(char, allow_newlines)
        )

    def _form_values(self, post):
        """The posted fields as the form shows them again: never a control
        character echoed back."""

        def posted(name, allow_newlines=False):
            value = post.get(name)
            return self._printable(value, allow_newlines) if value else ""

        return {
            "rating": posted("rating"),
            "comment": posted("comment", allow_newlines=True)[:COMMENT_MAX_LENGTH],
            "customer_name": " ".join(posted("customer_name").split()),
            "email": posted("email").strip(),
            "phone": " ".join(posted("phone").split()),
            "consent": bool(post.get("consent")),
        }

    @staticmethod
    def _has_control_characters(post):
        """Whether any posted field, hidden ones and the honeypot included,
        holds a control character (NUL...) that no intake rule lets in."""
        return any(
            intake.has_control_characters(
                value.replace("\r\n", "\n").replace("\r", "\n"),
                allow_newlines=name == "comment",
            )
            for name, value in post.items()
            if isinstance(value, str)
        )

    @staticmethod
    def _rating(value):
        """The posted rating as an integer for the intake rule, or None."""
        return int(value) if value.isascii() and value.isdigit() else None

    def _validate(self, post):
        """(cleaned values, error messages) of the posted form, by the intake
        rules every path applies."""
        env = request.env
        errors = []
        values = self._form_values(post)
        try:
            intake.clean_rating(env, self._rating(values["rating"]), required=True)
        except intake.IntakeError as error:
            errors.append(str(error.args[0]))
        checks = [
            (
                "comment",
                lambda: clean_text(
                    env,
                    post.get("comment"),
                    _("Write your review before sending it."),
                    COMMENT_MAX_LENGTH,
                ),
            ),
            (
                "customer_name",
                lambda: intake.clean_name(env, post.get("customer_name")),
            ),
            ("email", lambda: intake.clean_email(env, post.get("email"))),
            ("phone", lambda: intake.clean_phone(env, post.get("phone"))),
        ]
        for name, check in checks:
            try:
                cleaned = check()
            except intake.IntakeError as error:
                errors.append(str(error.args[0]))
            else:
                if name != "email":
                    values[name] = cleaned or ""
        values["has_contact"] = any(
            values[field] for field in ("customer_name", "email", "phone")
        )
        if values["has_contact"] and not values["consent"]:
            errors.append(
                _(
                    "Tick the box to let us keep your contact details, or leave "
                    "them empty."
                )
            )
        return values, errors

    def _customer(self, place, values):
        """The partner of a known email in the place's company, else a new one.

        Only called with the customer's consent; an existing partner is never
        changed from this public form.
        """
        partner, _created = place._customer_partner(
            values["email"], values["customer_name"], values["phone"]
        )
        return partner

    @http.route(
        "/review/place/<string:key>",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def review_form(self, key, **kwargs):
        place = self._place_from_key(key)
        return self._render_form(place, key) if place else self._not_found()

    @http.route(
        "/review/place/<string:key>",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def review_form_submit(self, key, **post):
        place = self._place_from_key(key)
        if not place:
            return self._not_found()
        if self._has_control_characters(post):
            # refused before the honeypot: no path stores or echoes them
            return self._render_form(
                place,
                key,
                self._form_values(post),
                [_("Remove the control characters from the form and send it again.")],
                status=400,
            )
        thanks = redirect_public(f"/review/place/{key}/thanks")
        if post.get("website"):
            # a bot filled the hidden field: let it believe it succeeded
            return thanks
        values, errors = self._validate(post)
        if errors:
            return self._render_form(place, key, values, errors, status=400)
        # counted last, and only what is stored: a refused post costs nothing
        Rate = request.env["review.form.rate"].sudo()  # no access rights: internal
        if not Rate._consume(place, request.httprequest.remote_addr):
            return render_public(
                "review_inbox.review_form_rate_limited",
                {"place": place, "review_company": place.company_id},
                status=429,
                headers={"Retry-After": "3600"},
            )
        # contact details were refused above unless the customer consented
        partner = self._customer(place, values) if values["has_contact"] else None
        # the public form is the customer's way in: the place was found by its key
        request.env["review.message"].sudo().with_context(
            mail_create_nosubscribe=True
        ).create(
            {
                "place_id": place.id,
                "source": "web",
                "review_type": "review",
                "rating": int(values["rating"]),
                "body": values["comment"],
                "partner_id": partner.id if partner else False,
            }
        )
        return thanks

    @http.route(
        "/review/place/<string:key>/thanks",
        type="http",
        auth="public",
        methods=["GET", "HEAD"],
        sitemap=False,
        readonly=True,
    )
    def review_form_thanks(self, key, **kwargs):
        place = self._place_from_key(key)
        if not place:
            return self._not_found()
        return render_public(
            "review_inbox.review_form_thanks",
            {"place": place, "review_company": place.company_id},
        )
