import json
from datetime import datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import psycopg2
import yaml

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.review_inbox.models.review_message import ReviewMessage
from odoo.addons.review_inbox.tools.review_api import ReviewApiError

from .common import ReviewInboxCase

API = "/review_inbox/api/v1/reviews"
OPENAPI = Path(__file__).parents[2] / "docs" / "openapi.yaml"


def refs(node):
    """Every $ref of an OpenAPI document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


@tagged("post_install", "-at_install")
class TestReviewApi(HttpCase, ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_properties_definition = [
            {"name": "age", "string": "Age", "type": "integer"},
            {"name": "amount", "string": "Amount", "type": "float"},
            {"name": "vip", "string": "VIP", "type": "boolean"},
            {
                "name": "segment",
                "string": "Segment",
                "type": "selection",
                "selection": [["gold", "Gold"], ["silver", "Silver"]],
            },
        ]
        cls.category = cls.env["review.category"].create({"name": "API Food"})
        Keys = cls.env["res.users.apikeys"]
        cls.key_a = Keys.with_user(cls.user_a).sudo()._generate("rpc", "t", None)
        cls.key_viewer = Keys.with_user(cls.viewer).sudo()._generate("rpc", "t", None)
        cls.key_y = Keys.with_user(cls.manager_y).sudo()._generate("rpc", "t", None)

    def item(self, external_id="g-1", **values):
        return dict(
            {
                "source": "google",
                "external_id": external_id,
                "place_code": "A",
                "rating": 4,
                "body": "Nice",
            },
            **values,
        )

    def post(self, payload, key=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if key is not False:
            headers["Authorization"] = f"Bearer {key or self.key_a}"
        data = raw if raw is not None else json.dumps(payload)
        return self.url_open(API, data=data, headers=headers, timeout=120)

    def get(self, url=API, key=None):
        headers = {"Authorization": f"Bearer {key or self.key_a}"}
        return self.url_open(url, headers=headers)

    def api_reviews(self):
        return self.env["review.message"].search([("source", "=", "api")])

    # ------------------------------------------------------------------
    # POST
    # ------------------------------------------------------------------

    def test_post_one(self):
        response = self.post(
            self.item(
                review_date="2026-05-01T10:00:00+02:00",
                review_type="complaint",
                categories=["API Food"],
                customer={"name": "Dan New", "email": "Dan@New.test", "phone": "+33 9"},
                properties={"age": 42, "vip": True, "segment": "gold", "amount": 9.5},
            )
        )
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertEqual((data["created"], data["updated"]), (1, 0))
        review = self.env["review.message"].browse(data["ids"])
        self.assertRecordValues(
            review,
            [
                {
                    "source": "api",
                    "external_ref": "google:g-1",
                    "place_id": self.place_a.id,
                    "rating": 4,
                    "body": "Nice",
                    "review_type": "complaint",
                    "review_date": datetime(2026, 5, 1, 8, 0),
                    "is_alert": False,
                    "state": "inbox",
                }
            ],
        )
        self.assertEqual(review.category_ids, self.category)
        self.assertRecordValues(
            review.partner_id,
            [
                {
                    "name": "Dan New",
                    "email": "Dan@New.test",
                    "phone": "+33 9",
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(
            review.customer_properties,
            {"age": 42, "vip": True, "segment": "gold", "amount": 9.5},
        )

    def test_post_list_then_repost_updates(self):
        # the customer information is the customer's: item 2 has one
        response = self.post(
            [
                self.item("1"),
                self.item("2", place_code="A", customer={"email": "two@new.test"}),
            ]
        )
        self.assertEqual(response.status_code, 201, response.text)
        first_ids = response.json()["ids"]
        self.assertEqual(len(self.api_reviews()), 2)
        response = self.post(
            [self.item("2", body="Edited", properties={"age": 30}), self.item("3")]
        )
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertEqual((data["created"], data["updated"]), (1, 1))
        self.assertEqual(data["ids"][0], first_ids[1])
        self.assertEqual(len(self.api_reviews()), 3)
        review = self.env["review.message"].browse(first_ids[1])
        self.assertEqual(review.body, "Edited")
        self.assertEqual(review.customer_properties["age"], 30)
        # an update keeps the properties it does not name
        self.post(self.item("2", properties={"vip": True}))
        self.assertEqual(
            review.customer_properties,
            {"age": 30, "vip": True, "amount": False, "segment": False},
        )

    def test_same_external_id_other_platform_is_another_review(self):
        self.post(self.item("1"))
        response = self.post(self.item("1", source="tripadvisor"))
        self.assertEqual(response.json()["created"], 1)
        self.assertEqual(
            set(self.api_reviews().mapped("external_ref")),
            {"google:1", "tripadvisor:1"},
        )

    def test_alert_rule_applies(self):
        response = self.post([self.item("low", rating=1), self.item("high", rating=5)])
        low, high = self.env["review.message"].browse(response.json()["ids"])
        self.assertRecordValues(
            low + high,
            [
                {"is_alert": True, "priority": "alert"},
                {"is_alert": False, "priority": "new"},
            ],
        )

    def test_customer_matched_by_email(self):
        response = self.post(
            self.item(customer={"name": "C", "email": " CARLA@customer.test "})
        )
        review = self.env["review.message"].browse(response.json()["ids"])
        self.assertEqual(review.partner_id, self.customer)
        self.assertEqual(self.customer.name, "Carla Customer")

    def test_customer_without_email_kept_on_update(self):
        ids = self.post(self.item(customer={"name": "Eve", "phone": "+1"})).json()[
            "ids"
        ]
        review = self.env["review.message"].browse(ids)
        partner = review.partner_id
        self.assertEqual((partner.name, partner.phone), ("Eve", "+1"))
        self.post(self.item(customer={"name": "Eve", "phone": "+1"}))
        self.assertEqual(review.partner_id, partner)

    def test_unauthorized(self):
        for key in (False, "0" * 40, f"{self.key_a[:8]}{'0' * 32}"):
            response = self.post(self.item(), key=key)
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response.json(), {"error": "a valid API key is required"})
        response = self.url_open(
            API,
            data=json.dumps(self.item()),
            headers={"Authorization": f"Basic {self.key_a}"},
        )
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.api_reviews())

    def test_session_cookie_is_not_enough(self):
        self.authenticate("place_a_user", "place_a_user")
        response = self.url_open(API, data=json.dumps(self.item()))
        self.assertEqual(response.status_code, 401)

    def test_forbidden_place_stores_nothing(self):
        response = self.post([self.item("1"), self.item("2", place_code="B")])
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(
            response.json()["errors"],
            [
                {
                    "index": 1,
                    "external_id": "2",
                    "field": "place_code",
                    "message": "You cannot add reviews to this place.",
                }
            ],
        )
        self.assertFalse(self.api_reviews())

    def test_forbidden_existing_review_of_other_place(self):
        self.env["review.message"].create(
            {
                "place_id": self.place_b.id,
                "source": "api",
                "external_ref": "google:b-1",
            }
        )
        response = self.post(self.item("b-1"))
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["errors"][0]["field"], "external_id")

    def test_viewer_cannot_post(self):
        response = self.post(self.item(), key=self.key_viewer)
        self.assertEqual(response.status_code, 403, response.text)

    def test_invalid_items_store_nothing(self):
        response = self.post(
            [
                self.item("ok"),
                self.item("r9", rating=9),
                self.item("nowhere", place_code="Z"),
                self.item("prop", properties={"shoe_size": 42}),
                self.item("type", rating="5"),
                self.item("cat", categories=["No such category"]),
                self.item("date", review_date="yesterday"),
                self.item("sel", properties={"segment": "bronze", "age": "42"}),
                self.item("extra", stars=5),
                self.item("mail", customer={"email": "not-an-email"}),
                self.item("kind", review_type="rant"),
                self.item("ok"),
                "not an object",
                {"external_id": "bare"},
                self.item("nul", body="a\x00b"),
                self.item("old", review_date="0001-01-01T00:00:00+05:00"),
            ]
        )
        self.assertEqual(response.status_code, 400, response.text)
        errors = [(e["index"], e["field"]) for e in response.json()["errors"]]
        self.assertEqual(
            errors,
            [
                (1, "rating"),
                (2, "place_code"),
                (3, "properties.shoe_size"),
                (4, "rating"),
                (5, "categories"),
                (6, "review_date"),
                (7, "properties.segment"),
                (7, "properties.age"),
                (8, "stars"),
                (9, "customer.email"),
                (10, "review_type"),
                (11, "external_id"),
                (12, None),
                (13, "source"),
                (13, "place_code"),
                (14, None),
                (15, "review_date"),
            ],
        )
        self.assertEqual(response.json()["errors"][1]["external_id"], "nowhere")
        self.assertFalse(self.api_reviews())
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "not-an-email")])
        )

    def test_malformed_json(self):
        for raw in ("{not json", " ", "\xff", "[" * 100000):
            response = self.post(None, raw=raw)
            self.assertEqual(response.status_code, 400, raw)
            self.assertIn("error", response.json())
        response = self.post([])
        self.assertEqual(response.status_code, 400)

    def test_json_python_accepts_but_postgresql_refuses(self):
        """NaN, Infinity, overflowing numbers, lone surrogates and deep
        nesting, in any place of the document: a 400 saying why, never a
        500, nothing stored."""
        item = json.dumps(self.item())
        cases = {
            "NaN": item.replace('"rating": 4', '"rating": NaN'),
            "Infinity": item.replace('"rating": 4', '"rating": Infinity'),
            "-Infinity": item.replace('"rating": 4', '"rating": -Infinity'),
            "overflow": item.replace('"rating": 4', '"rating": 1e400'),
            "in a property": item.replace(
                '"rating": 4', '"rating": 4, "properties": {"amount": NaN}'
            ),
            "huge integer": item.replace('"rating": 4', '"rating": ' + "9" * 5000),
        }
        for field in ("source", "external_id", "place_code", "body"):
            cases[f"surrogate in {field}"] = json.dumps(
                self.item(**{field: "a\ud800b"})
            )
        cases["surrogate in customer.name"] = json.dumps(
            self.item(customer={"name": "\udfff"})
        )
        cases["surrogate in a key"] = json.dumps(self.item(properties={"\ud800": 1}))
        cases["surrogate in a category"] = json.dumps(self.item(categories=["\ud83d"]))
        cases["surrogate in a list"] = json.dumps([self.item(), "\ud800"])
        cases["nested 900 deep"] = "[" * 900 + "]" * 900
        cases["nested in an item"] = json.dumps(
            self.item(properties={"age": [[[[[[[[[[1]]]]]]]]]]})
        )
        for name, raw in cases.items():
            response = self.post(None, raw=raw)
            self.assertEqual(response.status_code, 400, (name, response.text))
            self.assertTrue(response.json()["error"], name)
        self.assertFalse(self.api_reviews())

    def test_integer_property_within_postgresql_integers(self):
        self.company.review_properties_definition = [
            {"name": "age", "string": "Age", "type": "integer"}
        ]
        customer = {"email": "int@new.test"}
        response = self.post(self.item(properties={"age": 2**31}, customer=customer))
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["errors"][0]["field"], "properties.age")
        response = self.post(
            self.item(properties={"age": 2**31 - 1}, customer=customer)
        )
        self.assertEqual(response.status_code, 201, response.text)

    def test_body_over_the_text_limit(self):
        response = self.post([self.item("ok"), self.item("long", body="x" * 5001)])
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(
            [(e["index"], e["field"]) for e in response.json()["errors"]],
            [(1, "body")],
        )
        self.assertIn(
            "5000 characters at most", response.json()["errors"][0]["message"]
        )
        self.assertFalse(self.api_reviews())
        response = self.post(self.item("max", body="x" * 5000))
        self.assertEqual(response.status_code, 201, response.text)

    def test_customer_name_on_one_line(self):
        names = ["Eve\nBcc: x@evil.test", "Eve\r\n", "Eve\u2028", "E\x00ve", "E\x1bve"]
        response = self.post(
            [self.item(str(n), customer={"name": name}) for n, name in enumerate(names)]
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(
            [(e["index"], e["field"]) for e in response.json()["errors"]],
            [
                (n, "customer.name" if "\x00" not in name else None)
                for n, name in enumerate(names)
            ],
        )
        self.assertFalse(self.api_reviews())
        self.assertFalse(self.env["res.partner"].search([("name", "=like", "E%ve%")]))

    def test_bearer_key_with_control_characters(self):
        for key in ("a\x00b", "\x7f" * 40):
            response = self.url_open(
                f"{API}?limit=1", headers={"Authorization": f"Bearer {key}"}
            )
            self.assertEqual(response.status_code, 401, repr(key))

    def test_model_error_carries_no_http_status(self):
        """The model says what is wrong; the controller chooses the status."""
        Review = self.env["review.message"].with_user(self.user_a)
        with self.assertRaises(ReviewApiError) as caught:
            Review._api_import(
                [self.item("1", place_code="B"), self.item("2", rating=9)]
            )
        failure = caught.exception
        self.assertFalse(hasattr(failure, "status"))
        self.assertTrue(failure.forbidden)
        self.assertEqual(
            [(e["field"], bool(e.get("forbidden"))) for e in failure.errors],
            [("place_code", True), ("rating", False)],
        )
        with self.assertRaises(ReviewApiError) as caught:
            Review._api_import([self.item("2", rating=9)])
        self.assertFalse(caught.exception.forbidden)
        # the flag is the controller's to read, never sent to the client
        response = self.post([self.item("1", place_code="B"), self.item("2", rating=9)])
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("forbidden", response.text)
        self.assertEqual(self.post(self.item("2", rating=9)).status_code, 400)

    def test_too_many_items(self):
        response = self.post([self.item(str(n)) for n in range(501)])
        self.assertEqual(response.status_code, 413, response.text)
        self.assertFalse(self.api_reviews())

    def test_500_items_accepted(self):
        response = self.post([self.item(str(n)) for n in range(500)])
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(len(self.api_reviews()), 500)

    def test_body_too_large(self):
        payload = self.item(body="x" * (2 * 1024 * 1024))
        response = self.post(payload)
        self.assertEqual(response.status_code, 413, response.text)
        self.assertFalse(self.api_reviews())

    def test_unexpected_error_is_json(self):
        with (
            patch.object(ReviewMessage, "_api_import", side_effect=RuntimeError),
            self.assertLogs("odoo.addons.review_inbox.controllers.api", "ERROR"),
        ):
            response = self.post(self.item())
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json(), {"error": "internal error"})

    def test_refusal_after_checks_stores_nothing(self):
        with patch.object(
            ReviewMessage, "_api_write", side_effect=ValidationError("No way.")
        ):
            response = self.post(self.item())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["message"], "No way.")
        self.assertFalse(self.api_reviews())

    def test_concurrent_conflict_is_409(self):
        with patch.object(
            ReviewMessage, "_api_write", side_effect=psycopg2.IntegrityError("dup")
        ):
            response = self.post(self.item())
        self.assertEqual(response.status_code, 409)
        self.assertIn("post the request again", response.json()["error"])

    def test_portal_user_is_refused(self):
        portal = new_test_user(self.env, login="api_portal", groups="base.group_portal")
        key = (
            self.env["res.users.apikeys"]
            .with_user(portal)
            .sudo()
            ._generate("rpc", "t", None)
        )
        self.assertEqual(self.get(key=key).status_code, 403)
        self.assertEqual(self.post(self.item(), key=key).status_code, 403)

    def test_company_isolation_post(self):
        # manager_y's company has no place A: unknown there, not forbidden
        response = self.post(self.item(), key=self.key_y)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["errors"][0]["message"], "Unknown place.")
        # one external id, two companies: two reviews
        self.assertEqual(self.post(self.item()).status_code, 201)
        response = self.post(self.item(place_code="Y"), key=self.key_y)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.api_reviews().company_id, self.company | self.company_y)

    # ------------------------------------------------------------------
    # GET
    # ------------------------------------------------------------------

    def get_all(self, url, key=None):
        reviews, pages = [], 0
        while url:
            response = self.get(url, key=key)
            self.assertEqual(response.status_code, 200, response.text)
            data = response.json()
            reviews += data["reviews"]
            url, pages = data["next"], pages + 1
        return reviews, pages

    def test_get_pages_through_own_reviews(self):
        self.post([self.item(str(n)) for n in range(3)])
        reviews, pages = self.get_all(f"{API}?limit=2")
        own = self.env["review.message"].with_user(self.user_a).search([])
        self.assertEqual(sorted(r["id"] for r in reviews), sorted(own.ids))
        self.assertEqual(len(reviews), len(own))
        self.assertEqual(pages, 3)
        self.assertNotIn(self.review_b.id, [r["id"] for r in reviews])
        self.assertNotIn(self.review_y.id, [r["id"] for r in reviews])
        posted = next(r for r in reviews if r["external_id"] == "1")
        self.assertEqual(
            {k: v for k, v in posted.items() if k not in ("id", "write_date")},
            {
                "intake": "api",
                "source": "google",
                "external_id": "1",
                "place_code": "A",
                "state": "inbox",
                "priority": "new",
                "conversation_state": "none",
                "rating": 4,
                "review_date": posted["review_date"],
            },
        )
        alert = next(r for r in reviews if r["id"] == self.alert_a.id)
        self.assertEqual((alert["intake"], alert["source"]), ("manual", None))
        self.assertEqual(alert["priority"], "alert")

    def test_export_queries_do_not_grow_with_the_page(self):
        self.env["review.message"].create(
            [{"place_id": self.place_a.id, "rating": 3} for __ in range(30)]
        )
        self.env.flush_all()
        Review = self.env["review.message"].with_user(self.user_a)

        def count(limit):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            rows, __, __ = Review._api_export(limit=limit)
            self.assertEqual(len(rows), limit)
            return self.cr.sql_log_count - before

        count(2)  # warm up caches of rules and access rights
        queries = count(3)
        self.assertGreater(queries, 0)
        self.assertEqual(count(30), queries)

    def test_get_updated_since(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE review_message SET write_date = %s WHERE id = %s",
                datetime(2020, 1, 1),
                self.review_a.id,
            )
        )
        self.review_a.invalidate_recordset()
        since = (datetime(2020, 1, 1) + timedelta(days=1)).isoformat()
        reviews, __ = self.get_all(f"{API}?updated_since={since}Z")
        ids = [r["id"] for r in reviews]
        self.assertIn(self.alert_a.id, ids)
        self.assertNotIn(self.review_a.id, ids)
        reviews, __ = self.get_all(f"{API}?updated_since=2019-12-31T00:00:00%2B00:00")
        self.assertIn(self.review_a.id, [r["id"] for r in reviews])
        # in the order changes became visible (then by id), not by write_date
        positions = self.positions([r["id"] for r in reviews])
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(len(set(positions)), len(positions), "never twice")
        reviews, __ = self.get_all(f"{API}?updated_since=2999-01-01T00:00:00")
        self.assertEqual(reviews, [])

    def positions(self, ids):
        """(sync_txid, id) of reviews, in the order of ``ids``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, sync_txid FROM review_message WHERE id IN %s",
                tuple(ids) or (0,),
            )
        )
        txids = dict(self.env.cr.fetchall())
        return [(txids[review_id], review_id) for review_id in ids]

    def test_get_pages_and_cursors_cover_every_review_once(self):
        self.post([self.item(str(n)) for n in range(7)])
        ids, url, cursors = [], f"{API}?limit=3", []
        while url:
            data = self.get(url).json()
            ids += [r["id"] for r in data["reviews"]]
            cursors.append(data["cursor"])
            url = data["next"]
        own = self.env["review.message"].with_user(self.user_a).search([])
        self.assertEqual(sorted(ids), sorted(own.ids))
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(len(cursors), 3)
        # a page's cursor resumes right after that page
        data = self.get(f"{API}?limit=3&cursor={cursors[0]}").json()
        self.assertEqual([r["id"] for r in data["reviews"]], ids[3:6])

    def test_get_company_isolation_and_errors(self):
        reviews, __ = self.get_all(API, key=self.key_y)
        self.assertEqual([r["id"] for r in reviews], self.review_y.ids)
        for query in (
            "updated_since=soon",
            "limit=0",
            "limit=501",
            "limit=%C2%B2",
            "cursor=x",
            "cursor=2026-01-01T00:00:00Z~99999999999999999999",
            "cursor=1~99999999999",
            "cursor=9999999999999999999~1",
            "cursor=1~1%00",
        ):
            response = self.get(f"{API}?{query}")
            self.assertEqual(response.status_code, 400, query)
            self.assertEqual(response.json()["error"], "invalid parameters")
        self.assertEqual(self.get(key="nope").status_code, 401)

    # ------------------------------------------------------------------
    # OpenAPI document
    # ------------------------------------------------------------------

    def test_openapi_document_matches_routes(self):
        with open(OPENAPI, encoding="utf-8") as document:
            spec = yaml.safe_load(document)
        self.assertTrue(spec["openapi"].startswith("3.0"))
        self.assertIn("bearerAuth", spec["components"]["securitySchemes"])
        for ref in refs(spec):
            target = spec
            for part in ref.removeprefix("#/").split("/"):
                self.assertIn(part, target, ref)
                target = target[part]
        operations = [
            (path, method)
            for path, item in spec["paths"].items()
            for method in item
            if method in ("get", "post", "put", "patch", "delete")
        ]
        self.assertEqual(
            sorted(operations), [(API, "get"), (API, "post")], "documented"
        )
        for path, method in operations:
            response = self.url_open(path, data="{}" if method == "post" else None)
            # served by the API (JSON 401), not a 404 or 405 page
            self.assertEqual(response.status_code, 401, (path, method))
            self.assertEqual(response.json()["error"], "a valid API key is required")
            documented = spec["paths"][path][method]["responses"]
            self.assertIn("401", documented)
