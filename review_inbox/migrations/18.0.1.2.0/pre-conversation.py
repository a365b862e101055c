"""review.conversation is gone: entries belong to their review alone.

Odoo drops the table of a model only while the model is still in the
registry, which it no longer is: drop it here, with the entries' link to it
(a NOT NULL column the ORM no longer fills).
"""


def migrate(cr, version):
    cr.execute(
        "ALTER TABLE IF EXISTS review_conversation_entry"
        " DROP COLUMN IF EXISTS conversation_id"
    )
    cr.execute("DROP TABLE IF EXISTS review_conversation CASCADE")
