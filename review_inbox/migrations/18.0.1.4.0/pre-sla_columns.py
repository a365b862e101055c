"""The columns of the response deadlines, created before the update: a new
stored computed field on existing rows makes the update compute it for each
review in Python, too slow at a million reviews. The post-migration fills
them in SQL (post-sla_history.py)."""

COLUMNS = (
    ("first_response_date", "timestamp"),
    ("first_response_hours", "numeric"),
    ("sla_deadline", "timestamp"),
    ("sla_status", "varchar"),
    ("sla_escalated", "boolean"),
)


def migrate(cr, version):
    for name, column_type in COLUMNS:
        # names and types are the constants above
        cr.execute(
            f"ALTER TABLE review_message ADD COLUMN IF NOT EXISTS {name} {column_type}"
        )
