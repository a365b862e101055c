"""The CSV import's reading of a file: place codes, customers and customer
information turned into values, each row checked by the intake rules."""

import json

from . import intake
from .review_api import ImportContext

PROPERTIES_PREFIX = "customer_properties."
CUSTOMER_COLUMNS = {
    "customer_name": "name",
    "customer_email": "email",
    "customer_phone": "phone",
}
# Columns the import reads itself, before Odoo's own conversion.
IMPORT_COLUMNS = {"place_code", *CUSTOMER_COLUMNS}
# Property types a spreadsheet cell can hold; Odoo converts the text.
IMPORTABLE_PROPERTY_TYPES = {
    "boolean",
    "integer",
    "float",
    "char",
    "text",
    "selection",
    "tags",
    "date",
    "datetime",
}


def cell(row, position):
    value = row[position]
    return "" if value is None or value is False else str(value).strip()


class ImportConverter:
    """The rows of an import, with template columns turned into field values."""

    def __init__(self, env, fields, data):
        self.env = env
        self.fields = fields
        # Short rows read as empty cells, as in Odoo's import.
        self.data = [list(row) + [""] * (len(fields) - len(row)) for row in data]
        self.messages = []
        self.context = ImportContext(env, [])
        index = {name: position for position, name in enumerate(fields)}
        self.place_column = index.get("place_code")
        self.customer_columns = {
            key: index[column]
            for column, key in CUSTOMER_COLUMNS.items()
            if column in index
        }
        self.property_columns = {
            name[len(PROPERTIES_PREFIX) :]: position
            for name, position in index.items()
            if name.startswith(PROPERTIES_PREFIX)
        }
        if self.place_column is None and (
            self.customer_columns or self.property_columns
        ):
            # customers and properties belong to the company of the place
            self.messages.append(
                {
                    "type": "error",
                    "field": "place_code",
                    "message": env._(
                        "Customer and property columns need the place_code column."
                    ),
                }
            )
        self.places = self._find_places()
        self.rows = [
            self._check_row(row_index, row) for row_index, row in enumerate(self.data)
        ]

    def error(self, row_index, column, message):
        self.messages.append(
            {
                "type": "error",
                "record": row_index,
                "rows": {"from": row_index, "to": row_index},
                "field": column,
                "field_name": column,
                "message": message,
            }
        )

    def _find_places(self):
        if self.place_column is None:
            return {}
        codes = {cell(row, self.place_column) for row in self.data}
        places = {}
        # Within the allowed companies and the user's record rules: a place
        # out of reach is unknown, as in the list of places.
        for place in self.env["review.place"].search(
            [
                ("code", "in", [code for code in codes if code]),
                ("company_id", "in", self.env.companies.ids),
            ]
        ):
            places.setdefault(place.code, self.env["review.place"])
            places[place.code] |= place
        return places

    def _check_row(self, row_index, row):
        """(place, customer values, property list) of a row."""
        _ = self.env._
        place = None
        if self.place_column is not None:
            code = cell(row, self.place_column)
            found = self.places.get(code)
            if not code:
                self.error(row_index, "place_code", _("A place code is required."))
            elif not found:
                self.error(
                    row_index,
                    "place_code",
                    _("Unknown place code: %(code)s.", code=code),
                )
            elif len(found) > 1:
                self.error(
                    row_index,
                    "place_code",
                    _(
                        "The place code %(code)s names a place in several "
                        "companies: import each company on its own.",
                        code=code,
                    ),
                )
            else:
                place = found
        customer = self._check_customer(row_index, row)
        properties = self._check_properties(row_index, row, place)
        if properties and not customer:
            self.error(
                row_index,
                properties and PROPERTIES_PREFIX + properties[0]["name"],
                self.env._(
                    "Customer information belongs to a customer: fill in the "
                    "customer columns of this row."
                ),
            )
        return place, customer, properties

    def _check_customer(self, row_index, row):
        values = {
            key: cell(row, position) for key, position in self.customer_columns.items()
        }
        if not any(values.values()):
            return None
        customer = {key: values.get(key, "") for key in CUSTOMER_COLUMNS.values()}
        try:
            customer = intake.customer_values(
                self.env,
                customer["name"],
                customer["email"],
                customer["phone"],
                prefix="customer_",
            )
        except intake.IntakeError as error:
            message = error.args[0]
            if error.field == "customer_email":
                message = self.env._(
                    "Not a valid email address: %(email)s.", email=customer["email"]
                )
            self.error(row_index, error.field, message)
            return None
        return customer

    def _check_properties(self, row_index, row, place):
        _ = self.env._
        given = {
            name: cell(row, position)
            for name, position in self.property_columns.items()
            if cell(row, position)
        }
        if not given or not place:
            return []
        # the definition is company configuration, read for a place the
        # user can see
        definitions = {
            definition["name"]: definition
            for definition in place.sudo().company_id.review_properties_definition or []
        }
        properties = []
        for name, value in given.items():
            column = PROPERTIES_PREFIX + name
            definition = definitions.get(name)
            if not definition or definition.get("type") == "separator":
                self.error(
                    row_index,
                    column,
                    _(
                        "Unknown property %(name)s for the company of place "
                        "%(place)s.",
                        name=name,
                        place=place.display_name,
                    ),
                )
            elif definition["type"] not in IMPORTABLE_PROPERTY_TYPES:
                self.error(
                    row_index,
                    column,
                    _("The property %(name)s cannot be imported.", name=name),
                )
            else:
                properties.append(dict(definition, value=value))
        return properties

    def convert(self):
        """(fields, data) for Odoo's import: ids, categories, properties."""
        dropped = {
            position
            for position, name in enumerate(self.fields)
            if name in IMPORT_COLUMNS or name.startswith(PROPERTIES_PREFIX)
        }
        kept = [
            position for position in range(len(self.fields)) if position not in dropped
        ]
        fields = [
            "category_ids"
            if self.fields[position] == "categories"
            else self.fields[position]
            for position in kept
        ]
        extra = []
        if self.place_column is not None:
            extra.append("place_id/.id")
        if self.customer_columns:
            extra.append("partner_id/.id")
        if self.property_columns:
            extra.append("customer_properties")
        add_source = "source" not in fields
        if add_source:
            extra.append("source")
        data = []
        for row, (place, customer, properties) in zip(
            self.data, self.rows, strict=True
        ):
            values = [row[position] for position in kept]
            if self.place_column is not None:
                values.append(str(place.id))
            if self.customer_columns:
                partner = customer and self.context.customer_partner(
                    None, {"place_id": place.id}, customer
                )
                values.append(str(partner.id) if partner else "")
            if self.property_columns:
                values.append(json.dumps(properties) if properties else "")
            if add_source:
                values.append("import")
            data.append(values)
        return fields + extra, data
