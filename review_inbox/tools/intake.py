"""The rules every way in applies to what customers and staff send.

One home for what a review, a customer or a reply may hold, whatever path it
comes by: the public review form, the reply page, the JSON API, the CSV
import, the mail gateway, and the bridges that bring reviews from elsewhere.
Each rule raises :class:`IntakeError` (a ``ValidationError`` naming the field)
with a message for a person; the controllers choose the HTTP status.
"""

import re
import unicodedata

from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

# What a customer or a member of staff may write in one text: a review, a
# reply, an answer, a common reply.
TEXT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 40
RATING_MAX = 5

PHONE_RE = re.compile(r"[+0-9 ().\-/]{2,40}")
# The local part of a plain address (RFC 5322 dot-atom): no quotes, angle
# brackets, spaces or comments, which a normaliser would strip or misread.
EMAIL_LOCAL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
)
EMAIL_DOMAIN_RE = re.compile(
    r"([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# Line and paragraph separators end a header line in some mail software.
LINE_BREAKS = {"\u2028", "\u2029", "\x85"}


class IntakeError(ValidationError):
    """A value refused by an intake rule; ``field`` names what was wrong."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def has_control_characters(text, allow_newlines=False):
    """Whether ``text`` holds a control character (NUL, line breaks unless
    allowed, escapes...) or a lone surrogate."""
    for char in text:
        if allow_newlines and char in "\n\t":
            continue
        if char in LINE_BREAKS or unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


def clean_text(env, text, empty_message=None, max_length=TEXT_MAX_LENGTH, field=None):
    """The text stripped, its line breaks as ``\\n``; empty gives ``False``
    unless ``empty_message`` says it is required."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        if empty_message:
            raise IntakeError(empty_message, field)
        return False
    if has_control_characters(text, allow_newlines=True):
        raise IntakeError(env._("This text holds control characters."), field)
    if len(text) > max_length:
        raise IntakeError(
            env._(
                "This text is too long: %(max)s characters at most (%(count)s here).",
                max=max_length,
                count=len(text),
            ),
            field,
        )
    return text


def clean_name(env, name, field="name"):
    """A person's name on one line, its spaces collapsed, or ``False``.

    Names go into email headers (To:, From:): a line break in one would
    add headers of its own.
    """
    name = name or ""
    if has_control_characters(name):
        raise IntakeError(
            env._("A name cannot hold line breaks or control characters."), field
        )
    name = " ".join(name.split())
    if len(name) > NAME_MAX_LENGTH:
        raise IntakeError(
            env._(
                "This name is too long: %(max)s characters at most.",
                max=NAME_MAX_LENGTH,
            ),
            field,
        )
    return name or False


def sanitize_name(name):
    """A name from a path that cannot be refused (an email's From): control
    characters dropped, spaces collapsed, cut to the length allowed."""
    name = "".join(
        " "
        if char in LINE_BREAKS or unicodedata.category(char) in ("Cc", "Cs")
        else char
        for char in name or ""
    )
    return " ".join(name.split())[:NAME_MAX_LENGTH] or False


def clean_email(env, email, field="email"):
    """The normalized address of a plain ``local@domain.tld``, or ``False``.

    One rule for every path: one address, a real local part, a domain with
    a dot (never ``a@localhost``), no display name, no control character.
    """
    email = (email or "").strip()
    if not email:
        return False
    message = env._("This email address is not valid.")
    if len(email) > EMAIL_MAX_LENGTH or has_control_characters(email):
        raise IntakeError(message, field)
    local, at, domain = email.rpartition("@")
    if (
        not at
        or not EMAIL_LOCAL_RE.fullmatch(local)
        or not EMAIL_DOMAIN_RE.fullmatch(domain)
    ):
        raise IntakeError(message, field)
    normalized = email_normalize(email, strict=True)
    if not normalized or normalized != email.lower():
        raise IntakeError(message, field)
    return normalized


def clean_phone(env, phone, field="phone"):
    """The phone as typed, its spaces collapsed, or ``False``."""
    phone = phone or ""
    if has_control_characters(phone):
        raise IntakeError(env._("This phone number is not valid."), field)
    phone = " ".join(phone.split())
    if not phone:
        return False
    if not PHONE_RE.fullmatch(phone):
        raise IntakeError(
            env._(
                "This phone number is not valid: digits, spaces and + ( ) . - / "
                "only, %(max)s characters at most.",
                max=PHONE_MAX_LENGTH,
            ),
            field,
        )
    return phone


def clean_rating(env, rating, required=False, field="rating"):
    """An integer from 1 to 5, or 0 (no rating) unless ``required``.

    Numbers given as text (a form, a spreadsheet cell) are converted by
    their path first: here a rating is an integer.
    """
    if rating in (None, False, "") and not required:
        return 0
    low = 1 if required else 0
    if (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not low <= rating <= RATING_MAX
    ):
        if required:
            raise IntakeError(env._("Choose from 1 to 5 stars."), field)
        raise IntakeError(env._("A rating goes from 0 (no rating) to 5."), field)
    return rating


def normalize_phone(env, phone, country=None):
    """The number in E.164 (``+33123456789``) when ``phone_validation`` can
    read it with the country given (the customer's, else the company's), so
    that "01 23 45 67 89" and "+33 1 23 45 67 89" are the same number in
    France; else its digits, with a leading + kept.

    Blocked senders store numbers in this form, and are matched in it.
    """
    phone = (phone or "").strip()
    if not phone:
        return False
    formatted = env["res.partner"]._phone_format(
        number=phone, country=country or env["res.country"], force_format="E164"
    )
    if formatted:
        return formatted
    digits = re.sub(r"[^0-9]", "", phone)
    if not digits:
        return False
    return f"+{digits}" if phone.startswith("+") else digits


def customer_values(env, name=None, email=None, phone=None, prefix=""):
    """``{name, email, phone, email_normalized}`` of a customer as given by
    an intake path, each checked by its rule; errors name ``prefix+field``."""
    values = {
        "name": clean_name(env, name, f"{prefix}name"),
        "email": (email or "").strip() or False,
        "phone": clean_phone(env, phone, f"{prefix}phone"),
    }
    values["email_normalized"] = clean_email(env, email, f"{prefix}email")
    return values
