"""The JSON API's reading of a request: every item checked before anything
is stored, and the rows of a sync page."""

import json
import math
import re
from datetime import date, datetime, timezone

from odoo import Command, fields

from . import intake

API_MAX_ITEMS = 500
# An item nests a list of tags in its properties: 2 levels below the request's
# list. Deeper documents are refused before anything walks them recursively.
API_MAX_DEPTH = 8
# PostgreSQL integers, as the ORM stores them
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
API_SOURCE_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
API_EXTERNAL_ID_MAX = 255
API_FIELDS = {
    "source",
    "external_id",
    "place_code",
    "rating",
    "body",
    "review_date",
    "review_type",
    "categories",
    "customer",
    "properties",
}
API_CUSTOMER_FIELDS = {"name", "email", "phone"}
API_EXPORT_FIELDS = [
    "place_id",
    "source",
    "external_ref",
    "state",
    "priority",
    "conversation_state",
    "rating",
    "review_date",
]


def parse_api_datetime(value):
    """A naive UTC datetime from an ISO 8601 string, or None.

    A time zone in the string is honoured; without one, the time is UTC.
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
    return moment


def has_nul(value):
    """Whether a JSON value holds a NUL character, which PostgreSQL refuses."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text):
    number = float(text)
    if not math.isfinite(number):  # 1e400
        raise ValueError(f"{text} is out of range")
    return number


def parse_json(data):
    """The JSON document of a request body, or raise ValueError saying why.

    Stricter than Python's json: no NaN or Infinity (nor numbers that overflow
    to it), no lone surrogate in any string (UTF-8 and PostgreSQL refuse
    them), at most API_MAX_DEPTH levels of nesting (deeper ones would exhaust
    the recursion of whatever walks them next).
    """
    try:
        document = json.loads(
            data, parse_constant=_refuse_constant, parse_float=_parse_float
        )
    except RecursionError:
        raise ValueError("the JSON document is nested too deeply") from None
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8") from None
    except ValueError as error:
        raise ValueError(f"the body is not valid JSON: {error}") from None
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError:
                raise ValueError(
                    "a string holds a lone surrogate (\\ud800-\\udfff)"
                ) from None
        elif isinstance(value, dict | list):
            if depth > API_MAX_DEPTH:
                raise ValueError(
                    f"the JSON document is nested deeper than {API_MAX_DEPTH} levels"
                )
            children = (
                [child for pair in value.items() for child in pair]
                if isinstance(value, dict)
                else value
            )
            stack.extend((child, depth + 1) for child in children)
    return document


class ReviewApiError(Exception):
    """Errors of a request to the API, one per failing item and field.

    No HTTP status here: an error flagged ``forbidden`` is out of the user's
    reach, the others are invalid input; the controller answers accordingly.
    """

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors

    @property
    def forbidden(self):
        return any(error.get("forbidden") for error in self.errors)


def api_datetime(value, precise=False):
    """ISO 8601 in UTC; microseconds only where a cursor needs them."""
    if not value:
        return None
    if not precise:
        value = value.replace(microsecond=0)
    return value.isoformat() + "Z"


class ImportContext:
    """What the checks of one request share: places, categories, reviews."""

    def __init__(self, env, items):
        self.env = env
        self.errors = []
        self.seen_refs = set()
        dicts = [item for item in items if isinstance(item, dict) and not has_nul(item)]
        companies = env.user.company_ids
        # Places and existing reviews are looked up unrestricted within the
        # user's companies, to tell an unknown place (400) from one the user
        # may not handle (403); access is checked per item below.
        codes = {item.get("place_code") for item in dicts}
        codes = [code for code in codes if isinstance(code, str)]
        self.places = {}
        for place in (
            env["review.place"]
            .sudo()
            .search([("code", "in", codes), ("company_id", "in", companies.ids)])
        ):
            self.places.setdefault(place.code, env["review.place"])
            self.places[place.code] |= place.sudo(False)
        names = set()
        for item in dicts:
            if isinstance(item.get("categories"), list):
                names.update(n for n in item["categories"] if isinstance(n, str))
        self.categories = {
            category.name: category
            for category in env["review.category"].search([("name", "in", list(names))])
        }
        refs = [self._ref(item) for item in dicts]
        self.existing = {
            (review.company_id.id, review.external_ref): review.sudo(False)
            for review in env["review.message"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("source", "=", "api"),
                    ("external_ref", "in", [ref for ref in refs if ref]),
                ]
            )
        }
        self.review_types = set(
            env["review.message"]._fields["review_type"].get_values(env)
        )
        self.partners = {}

    @staticmethod
    def _ref(item):
        source, external_id = item.get("source"), item.get("external_id")
        if isinstance(source, str) and isinstance(external_id, str):
            return f"{source}:{external_id}"
        return None

    def error(self, index, item, field, message, forbidden=False):
        external_id = item.get("external_id") if isinstance(item, dict) else None
        error = {
            "index": index,
            "external_id": external_id if isinstance(external_id, str) else None,
            "field": field,
            "message": message,
        }
        if forbidden:
            error["forbidden"] = True
        self.errors.append(error)

    def check_item(self, index, item):
        """(existing review, values, customer, properties) of a valid item."""
        _ = self.env._
        if not isinstance(item, dict):
            self.error(index, item, None, _("Each review must be a JSON object."))
            return None
        if has_nul(item):
            self.error(index, item, None, _("NUL characters are not allowed."))
            return None
        count = len(self.errors)
        for key in sorted(set(item) - API_FIELDS):
            self.error(index, item, key, _("Unknown field."))
        vals = {"source": "api"}
        source, external_id = item.get("source"), item.get("external_id")
        if not isinstance(source, str) or not API_SOURCE_RE.fullmatch(source):
            self.error(
                index,
                item,
                "source",
                _("Required: 1 to 64 letters, digits, dots, dashes or underscores."),
            )
        if (
            not isinstance(external_id, str)
            or not external_id.strip()
            or len(external_id) > API_EXTERNAL_ID_MAX
        ):
            self.error(
                index,
                item,
                "external_id",
                _(
                    "Required: a string of 1 to %(max)s characters.",
                    max=API_EXTERNAL_ID_MAX,
                ),
            )
        place = self._check_place(index, item)
        existing = None
        if len(self.errors) == count:
            ref = self._ref(item)
            vals["external_ref"] = ref
            if (place.company_id.id, ref) in self.seen_refs:
                self.error(index, item, "external_id", _("Twice in this request."))
            self.seen_refs.add((place.company_id.id, ref))
            existing = self.existing.get((place.company_id.id, ref))
            if existing and not existing.has_access("write"):
                self.error(
                    index,
                    item,
                    "external_id",
                    _("This review belongs to a place you cannot access."),
                    forbidden=True,
                )
            vals["place_id"] = place.id
        self._check_values(index, item, vals, existing)
        customer = self._check_customer(index, item)
        properties = self._check_properties(index, item, place)
        if properties and not customer and not (existing and existing.partner_id):
            self.error(
                index,
                item,
                "properties",
                _("Customer information belongs to a customer: give the customer."),
            )
        if len(self.errors) != count:
            return None
        return existing, vals, customer, properties

    def _check_place(self, index, item):
        _ = self.env._
        code = item.get("place_code")
        if not isinstance(code, str):
            self.error(index, item, "place_code", _("Required: a string."))
            return None
        places = self.places.get(code)
        if not places:
            self.error(index, item, "place_code", _("Unknown place."))
            return None
        if len(places) > 1:
            self.error(
                index,
                item,
                "place_code",
                _("This code names a place in several of your companies."),
            )
            return None
        # who handles reviews posts them (place staff and managers; viewers
        # only read): staff enter none by hand, but their key posts their
        # places' reviews (review.message._create_from_intake)
        if not places.has_access("read") or not self.env["review.message"].has_access(
            "write"
        ):
            self.error(
                index,
                item,
                "place_code",
                _("You cannot add reviews to this place."),
                forbidden=True,
            )
            return None
        return places

    def _check_values(self, index, item, vals, existing):
        _ = self.env._
        if "rating" in item:
            try:
                vals["rating"] = intake.clean_rating(self.env, item["rating"])
            except intake.IntakeError:
                self.error(
                    index, item, "rating", _("An integer from 0 (no rating) to 5.")
                )
        if "body" in item:
            if item["body"] is not None and not isinstance(item["body"], str):
                self.error(index, item, "body", _("A string or null."))
            else:
                try:
                    vals["body"] = intake.clean_text(self.env, item["body"])
                except intake.IntakeError as error:
                    self.error(index, item, "body", error.args[0])
        if "review_date" in item:
            moment = parse_api_datetime(item["review_date"])
            if moment is None:
                self.error(index, item, "review_date", _("An ISO 8601 date and time."))
            else:
                vals["review_date"] = moment
        if "review_type" in item:
            if item["review_type"] not in self.review_types:
                self.error(
                    index,
                    item,
                    "review_type",
                    _("One of: %(types)s.", types=", ".join(sorted(self.review_types))),
                )
            else:
                vals["review_type"] = item["review_type"]
        if "categories" in item:
            names = item["categories"]
            if not isinstance(names, list) or not all(
                isinstance(name, str) for name in names
            ):
                self.error(index, item, "categories", _("A list of category names."))
            else:
                unknown = [name for name in names if name not in self.categories]
                if unknown:
                    self.error(
                        index,
                        item,
                        "categories",
                        _("Unknown categories: %(names)s.", names=", ".join(unknown)),
                    )
                else:
                    vals["category_ids"] = [
                        Command.set(list({self.categories[name].id for name in names}))
                    ]

    def _check_customer(self, index, item):
        _ = self.env._
        customer = item.get("customer")
        if customer is None:
            return None
        if not isinstance(customer, dict):
            self.error(index, item, "customer", _("An object or null."))
            return None
        count = len(self.errors)
        for key in sorted(set(customer) - API_CUSTOMER_FIELDS):
            self.error(index, item, f"customer.{key}", _("Unknown field."))
        for key in sorted(API_CUSTOMER_FIELDS & set(customer)):
            value = customer[key]
            if value is not None and not isinstance(value, str):
                self.error(index, item, f"customer.{key}", _("A string or null."))
        if len(self.errors) != count:
            return None
        try:
            values = intake.customer_values(
                self.env,
                customer.get("name"),
                customer.get("email"),
                customer.get("phone"),
                prefix="customer.",
            )
        except intake.IntakeError as error:
            self.error(index, item, error.field, error.args[0])
            return None
        if not any(values.values()):
            return None
        return values

    def _check_properties(self, index, item, place):
        _ = self.env._
        properties = item.get("properties")
        if properties is None:
            return {}
        if not isinstance(properties, dict):
            self.error(index, item, "properties", _("An object or null."))
            return {}
        if not place:
            return {}
        # the definition is company configuration, read for the checked place
        definitions = {
            definition["name"]: definition
            for definition in place.sudo().company_id.review_properties_definition or []
        }
        values = {}
        for name, value in properties.items():
            field = f"properties.{name}"
            definition = definitions.get(name)
            if not definition or definition.get("type") == "separator":
                self.error(index, item, field, _("Unknown property."))
                continue
            value, message = check_property_value(self.env, definition, value)
            if message:
                self.error(index, item, field, message)
            else:
                values[name] = value
        return values

    def customer_partner(self, existing, vals, customer):
        """The partner to link, or None to keep the review's own.

        A known email in the place's company finds its partner, else one is
        created; an existing partner only gets a phone it lacks.
        """
        if not customer:
            return None
        # the place's access was checked with the item
        place = self.env["review.place"].browse(vals["place_id"]).sudo()
        email = customer.get("email_normalized")
        key = (place.company_id.id, email)
        if email and key in self.partners:
            return self.partners[key]
        if not email and existing and existing.partner_id:
            partner, created = existing.partner_id.sudo(), False
        else:
            partner, created = place._customer_partner(
                customer["email"], customer["name"], customer["phone"]
            )
        # intake never changes a partner its caller could not change
        if (
            not created
            and customer["phone"]
            and not partner.phone
            and partner.with_env(self.env).has_access("write")
        ):
            partner.phone = customer["phone"]
        if email:
            self.partners[key] = partner
        return partner.sudo(False)


def check_property_value(env, definition, value):
    """(value as stored, None), or (None, why it does not fit its definition)."""
    _ = env._
    kind = definition.get("type")
    if value is None:
        return None, None
    if kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "integer":
        ok = is_integer(value) and INT_MIN <= value <= INT_MAX
    elif kind == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind in ("char", "text"):
        ok = isinstance(value, str)
    elif kind == "selection":
        options = [option[0] for option in definition.get("selection") or []]
        if value not in options:
            return None, _("One of: %(options)s.", options=", ".join(options))
        ok = True
    elif kind == "tags":
        tags = {tag[0] for tag in definition.get("tags") or []}
        if not isinstance(value, list) or not set(value) <= tags:
            return None, _(
                "A list of tags among: %(tags)s.", tags=", ".join(sorted(tags))
            )
        ok = True
    elif kind == "date":
        try:
            ok = isinstance(value, str) and bool(date.fromisoformat(value))
        except ValueError:
            ok = False
    elif kind == "datetime":
        moment = parse_api_datetime(value)
        ok = moment is not None
        if ok:
            value = fields.Datetime.to_string(moment)
    else:
        return None, _("This property cannot be set through the API.")
    if not ok:
        return None, _("A value of type %(type)s.", type=kind)
    return value, None
