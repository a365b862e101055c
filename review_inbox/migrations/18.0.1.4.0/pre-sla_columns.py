"""The columns of the response deadlines, created before the update: a new
stored computed field on existing rows makes the update compute it for each
review in Python, too slow at a million reviews. The post-migration fills
them in SQL (post-sla_history.py)."""

from odoo.tools.sql import column_exists, create_column

COLUMNS = (
    ("first_response_date", "timestamp"),
    ("first_response_hours", "numeric"),
    ("sla_deadline", "timestamp"),
    ("sla_status", "varchar"),
    ("sla_escalated", "boolean"),
)


def migrate(cr, version):
    for name, column_type in COLUMNS:
        if not column_exists(cr, "review_message", name):
            create_column(cr, "review_message", name, column_type)
