import logging
import re
from urllib.parse import urlencode

import psycopg2

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from ..tools.review_api import (
    API_MAX_ITEMS,
    ReviewApiError,
    parse_api_datetime,
    parse_json,
)

_logger = logging.getLogger(__name__)

API_PATH = "/review_inbox/api/v1/reviews"
API_MAX_BODY = 2 * 1024 * 1024
API_PAGE_DEFAULT = 100
API_PAGE_MAX = 500
# an API key is printable ASCII: anything else is no key (and never reaches SQL)
BEARER_RE = re.compile(r"Bearer\s+([\x21-\x7e]+)", re.IGNORECASE)
# (transaction id, review id) of a position in the sync: see _api_export
CURSOR_RE = re.compile(r"([0-9]{1,18})~([0-9]{1,9})")
LIMIT_RE = re.compile(r"[0-9]{1,4}")
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class ReviewApiController(http.Controller):
    """Reviews pushed by a headquarters' tool, and their handling read back.

    Authentication is an Odoo API key only, never a session cookie: with
    CSRF checks off, a browser's session must not be able to post here.
    Every answer is JSON, errors included.

    Why not Odoo 18's ``auth="bearer"``: without an Authorization header,
    ``ir.http._auth_method_bearer`` falls back to the session cookie, with
    the browser's Sec-Fetch-* headers of a top-level navigation as its only
    guard against cross-site requests; with both a key and a session it
    refuses a mismatch with AccessDenied; and its refusals are werkzeug's
    401 or a session-expired redirect, not this API's documented JSON.
    ``auth="none"`` with the key checked here, by the same
    ``res.users.apikeys._check_credentials``, accepts API keys and nothing
    else, whatever cookies come along.
    """

    def _json(self, data, status=200):
        response = request.make_json_response(data, status=status)
        response.headers.update(API_HEADERS)
        return response

    def _error(self, status, message, errors=None):
        data = {"error": message}
        if errors is not None:
            data["errors"] = errors
        response = self._json(data, status=status)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="review_inbox"'
        return response

    def _authenticate(self):
        """Switch the request to the key's user; False without a valid key."""
        match = BEARER_RE.fullmatch(
            request.httprequest.headers.get("Authorization", "").strip()
        )
        if not match:
            return False
        uid = request.env["res.users.apikeys"]._check_credentials(
            scope="rpc", key=match.group(1)
        )
        if not uid:
            return False
        request.update_env(user=uid)
        user = request.env.user
        # every company of the user, as an RPC call without context would not
        request.update_context(allowed_company_ids=user.company_ids.ids)
        return True

    @staticmethod
    def _item_error(error):
        """A refusal of the ORM after the checks, not tied to one item."""
        return {
            "index": None,
            "external_id": None,
            "field": None,
            "message": str(error),
        }

    def _serve(self, handler):
        try:
            if not self._authenticate():
                return self._error(401, "a valid API key is required")
            return handler()
        except AccessError as error:
            request.env.cr.rollback()
            return self._error(403, "access denied", [self._item_error(error)])
        except (ValidationError, UserError) as error:
            request.env.cr.rollback()
            return self._error(400, "nothing was stored", [self._item_error(error)])
        except (psycopg2.IntegrityError, *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
            # a concurrent request stored the same reviews: reposting is safe
            request.env.cr.rollback()
            return self._error(
                409, "conflict with a concurrent request: post the request again"
            )
        except Exception:
            _logger.exception("Review API: %s failed", request.httprequest.method)
            request.env.cr.rollback()
            return self._error(500, "internal error")

    # ------------------------------------------------------------------
    # POST: import
    # ------------------------------------------------------------------

    @http.route(
        API_PATH,
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def reviews_post(self, **kwargs):
        return self._serve(self._post)

    def _read_body(self):
        """The parsed body, or an error response."""
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > API_MAX_BODY:
            return None, self._error(413, f"the body exceeds {API_MAX_BODY} bytes")
        # without a Content-Length (chunked), the WSGI input reads as empty
        data = httprequest.get_data()
        if len(data) > API_MAX_BODY:
            return None, self._error(413, f"the body exceeds {API_MAX_BODY} bytes")
        try:
            payload = parse_json(data)
        except ValueError as error:
            return None, self._error(400, str(error))
        return payload, None

    def _post(self):
        payload, error = self._read_body()
        if error:
            return error
        items = payload if isinstance(payload, list) else [payload]
        if not items:
            return self._error(400, "no review in the request")
        if len(items) > API_MAX_ITEMS:
            return self._error(
                413, f"{API_MAX_ITEMS} reviews at most in one request ({len(items)})"
            )
        try:
            result = request.env["review.message"]._api_import(items)
        except ReviewApiError as failure:
            # out of the user's reach outranks invalid: 403, else 400
            status = 403 if failure.forbidden else 400
            errors = [
                {key: value for key, value in error.items() if key != "forbidden"}
                for error in failure.errors
            ]
            return self._error(
                status,
                "nothing was stored: fix the errors and post the request again",
                errors,
            )
        return self._json(result, status=201)

    # ------------------------------------------------------------------
    # GET: sync back
    # ------------------------------------------------------------------

    @http.route(
        API_PATH,
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def reviews_get(self, **kwargs):
        return self._serve(lambda: self._get(kwargs))

    def _get(self, params):
        errors = []
        updated_since = None
        if params.get("updated_since"):
            updated_since = parse_api_datetime(params["updated_since"])
            if updated_since is None:
                errors.append(
                    {"field": "updated_since", "message": "an ISO 8601 date and time"}
                )
        limit = API_PAGE_DEFAULT
        if params.get("limit"):
            limit = int(params["limit"]) if LIMIT_RE.fullmatch(params["limit"]) else 0
            if not 1 <= limit <= API_PAGE_MAX:
                errors.append(
                    {"field": "limit", "message": f"from 1 to {API_PAGE_MAX}"}
                )
        after = None
        if params.get("cursor"):
            match = CURSOR_RE.fullmatch(params["cursor"])
            after = match and (int(match.group(1)), int(match.group(2)))
            if not after:
                errors.append(
                    {"field": "cursor", "message": "the cursor of a previous page"}
                )
        if errors:
            return self._error(400, "invalid parameters", errors)
        reviews, position, more = request.env["review.message"]._api_export(
            updated_since=updated_since, after=after, limit=limit
        )
        cursor = f"{position[0]}~{position[1]}"
        next_url = None
        if more:
            query = {"limit": limit, "cursor": cursor}
            if params.get("updated_since"):
                query["updated_since"] = params["updated_since"]
            next_url = f"{request.httprequest.host_url.rstrip('/')}{API_PATH}?" + (
                urlencode(query)
            )
        return self._json({"reviews": reviews, "next": next_url, "cursor": cursor})
