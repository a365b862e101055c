from pathlib import Path

from odoo.exceptions import UserError
from odoo.tools import file_open

from .common import ReviewInboxCase

FIELDS = [
    "place_code",
    "review_date",
    "rating",
    "body",
    "categories",
    "customer_name",
    "customer_email",
    "customer_phone",
    "customer_properties.age",
    "customer_properties.customer_segment",
]
TEMPLATE = "review_inbox/static/xls/review_message_import_template.csv"


class TestReviewImport(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_properties_definition = [
            {"name": "age", "string": "Age", "type": "integer"},
            {
                "name": "customer_segment",
                "string": "Customer segment",
                "type": "selection",
                "selection": [["new", "New customer"], ["regular", "Regular"]],
            },
        ]
        cls.Review = cls.env["review.message"]

    def _row(self, **values):
        row = dict.fromkeys(FIELDS, "")
        row.update(
            {
                "place_code": "A",
                "review_date": "2025-01-15 12:30:00",
                "rating": "4",
                "body": "Imported",
            },
            **values,
        )
        return [row[name] for name in FIELDS]

    def _imported(self):
        return self.Review.search([("body", "like", "Imported")])

    def test_load_rows(self):
        result = self.Review.with_user(self.manager).load(
            FIELDS,
            [
                self._row(
                    body="Imported known",
                    categories="Service",
                    customer_email=" CARLA@customer.test",
                    **{"customer_properties.age": "34"},
                ),
                self._row(
                    body="Imported new",
                    rating="2",
                    customer_name="Nora New",
                    customer_email="nora@new.test",
                    customer_phone="+33 9",
                    **{"customer_properties.customer_segment": "Regular"},
                ),
            ],
        )
        self.assertEqual(result["messages"], [])
        known, new = self.Review.browse(result["ids"])
        self.assertEqual((known | new).place_id, self.place_a)
        self.assertEqual(set((known | new).mapped("source")), {"import"})
        self.assertEqual(known.partner_id, self.customer)
        self.assertEqual(known.category_ids.mapped("name"), ["Service"])
        self.assertEqual(known.customer_properties.get("age"), 34)
        self.assertEqual(new.rating, 2)
        self.assertEqual(new.partner_id.name, "Nora New")
        self.assertEqual(new.partner_id.email, "nora@new.test")
        self.assertEqual(new.partner_id.phone, "+33 9")
        self.assertEqual(new.partner_id.company_id, self.company)
        self.assertEqual(new.customer_properties.get("customer_segment"), "regular")

    def test_source_given(self):
        result = self.Review.load(
            ["place_code", "body", "source"], [["A", "Imported", "manual"]]
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(self.Review.browse(result["ids"]).source, "manual")

    def test_same_email_one_customer(self):
        result = self.Review.load(
            ["place_code", "body", "customer_name", "customer_email"],
            [
                ["A", "Imported 1", "Otto", "otto@new.test"],
                ["B", "Imported 2", "Otto", "OTTO@new.test"],
            ],
        )
        self.assertEqual(result["messages"], [])
        partner = self.Review.browse(result["ids"]).partner_id
        self.assertEqual(len(partner), 1)
        self.assertEqual(partner.email, "otto@new.test")

    def _assert_error(self, result, row, field, text):
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertEqual(errors[0]["rows"], {"from": row, "to": row})
        self.assertEqual(errors[0]["field"], field)
        self.assertIn(text, errors[0]["message"])

    def test_unknown_place_code(self):
        partners = self.env["res.partner"].search_count([])
        result = self.Review.load(
            FIELDS,
            [
                self._row(customer_name="Nobody", customer_email="nobody@new.test"),
                self._row(place_code="NOPE"),
            ],
        )
        self._assert_error(result, 1, "place_code", "NOPE")
        self.assertFalse(self._imported())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_place_out_of_reach(self):
        """A manager cannot import into another company."""
        result = self.Review.with_user(self.manager).load(
            FIELDS, [self._row(place_code="Y")]
        )
        self._assert_error(result, 0, "place_code", "Y")
        self.assertFalse(self._imported())

    def test_place_user_cannot_import(self):
        """A file of reviews is entered by hand: place staff import none,
        not even into their own place."""
        result = self.Review.with_user(self.user_a).load(FIELDS, [self._row()])
        self.assertFalse(result["ids"])
        self.assertEqual(
            [message["message"] for message in result["messages"]],
            ["Reviews come from the customers: only a review manager imports reviews."],
        )
        self.assertFalse(self._imported())

    def test_unknown_property(self):
        result = self.Review.load(
            [*FIELDS, "customer_properties.shoe_size"],
            [[*self._row(), ""], [*self._row(), "42"]],
        )
        self._assert_error(
            result, 1, "customer_properties.shoe_size", "Unknown property"
        )
        self.assertFalse(self._imported())

    def test_bad_property_value(self):
        """Odoo's conversion errors come back as messages; the customer made
        for the first row is not kept."""
        partners = self.env["res.partner"].search_count([])
        result = self.Review.load(
            FIELDS,
            [
                self._row(customer_name="Nobody", customer_email="nobody@new.test"),
                self._row(**{"customer_properties.age": "old"}),
            ],
        )
        self.assertFalse(result["ids"])
        self.assertTrue([m for m in result["messages"] if m["type"] == "error"])
        self.assertFalse(self._imported())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_bad_email(self):
        result = self.Review.load(FIELDS, [self._row(customer_email="not an email")])
        self._assert_error(result, 0, "customer_email", "not an email")
        self.assertFalse(self._imported())

    def test_customer_needs_place_code(self):
        result = self.Review.load(
            ["place_id", "body", "customer_email"],
            [["Place A", "Imported", "x@new.test"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(result["messages"][0]["field"], "place_code")
        self.assertFalse(self._imported())

    def _wizard_import(self, user, content, fields=None):
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .create(
                {
                    "res_model": "review.message",
                    "file": content.encode(),
                    "file_name": "reviews.csv",
                    "file_type": "text/csv",
                }
            )
        )
        header = content.splitlines()[0].split(",")
        return wizard.execute_import(
            fields or header,
            header,
            {
                "has_headers": True,
                "quoting": '"',
                "separator": ",",
                "encoding": "utf-8",
                "date_format": "%Y-%m-%d",
                "datetime_format": "%Y-%m-%d %H:%M:%S",
            },
        )

    def test_wizard_import(self):
        content = (
            "place_code,review_date,rating,body,categories,customer_email,"
            "customer_properties.age\n"
            'A,2025-01-15 12:30:00,5,"Imported, by wizard",Service,'
            "carla@customer.test,30\n"
            "B,2025-01-16 08:00:00,3,Imported B,,,\n"
        )
        result = self._wizard_import(self.manager, content)
        self.assertEqual(result["messages"], [])
        reviews = self.Review.browse(result["ids"])
        self.assertEqual(reviews.place_id, self.place_a | self.place_b)
        self.assertEqual(set(reviews.mapped("source")), {"import"})
        self.assertEqual(reviews[0].partner_id, self.customer)
        self.assertEqual(reviews[0].customer_properties.get("age"), 30)

    def test_wizard_import_place_user(self):
        result = self._wizard_import(
            self.user_a, "place_code,rating,body\nA,5,Imported A\n"
        )
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1)
        self.assertIn("only a review manager imports reviews", errors[0]["message"])
        self.assertFalse(self._imported())

    def test_template(self):
        templates = self.Review.get_import_templates()
        self.assertEqual(
            [template["template"] for template in templates], ["/" + TEMPLATE]
        )
        with file_open(TEMPLATE) as template:
            header = template.readline().strip().split(",")
        self.assertEqual(header[0], "place_code")
        self.assertIn("customer_properties.purchase_amount", header)
        self.assertTrue(
            Path(__file__).parents[1].joinpath(*TEMPLATE.split("/")[1:]).is_file()
        )

    def test_short_rows(self):
        """Rows shorter than the header, or with numbers, are read as Odoo does."""
        result = self.Review.load(["body", "place_code", "rating"], [["Imported"]])
        self._assert_error(result, 0, "place_code", "required")
        result = self.Review.load(
            ["body", "place_code", "rating"], [["Imported", "A", 3]]
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(self._imported().rating, 3)

    def test_template_columns_mapped(self):
        """The Import screen maps every column of the template by itself."""
        with file_open(TEMPLATE, "rb") as template:
            content = template.read()
        wizard = self.env["base_import.import"].create(
            {
                "res_model": "review.message",
                "file": content,
                "file_name": "template.csv",
                "file_type": "text/csv",
            }
        )
        options = {
            "has_headers": True,
            "quoting": '"',
            "separator": ",",
            "encoding": "utf-8",
        }
        preview = wizard.parse_preview(options)
        self.assertFalse(preview.get("error"))
        self.assertEqual(len(preview["matches"]), len(preview["headers"]))
        fields = [match[0] for __, match in sorted(preview["matches"].items())]
        self.assertIn("category_ids", fields)
        self.assertIn("customer_properties.age", fields)

    def test_import_columns_not_writable(self):
        with self.assertRaises(UserError):
            self.review_a.place_code = "B"
