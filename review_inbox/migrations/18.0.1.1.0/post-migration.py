"""Record rules of place staff test a list of place ids (see ir.rule); the
priority's own index gives way to a composite one.

The rules are ``noupdate``: an update does not rewrite them by itself.
"""

from odoo import SUPERUSER_ID, api

RULES = {
    "review_message_rule_user": "[('place_id', 'in', review_place_ids)]",
    "review_place_rule_user": "[('id', 'in', review_place_ids)]",
    "review_conversation_rule_user": "[('review_id.place_id', 'in', review_place_ids)]",
    "review_conversation_entry_rule_user": (
        "[('review_id.place_id', 'in', review_place_ids)]"
    ),
}


def migrate(cr, version):
    # priority is indexed with the review date now (review.message.init)
    cr.execute("DROP INDEX IF EXISTS review_message__priority_index")
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, domain in RULES.items():
        rule = env.ref(f"review_inbox.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.domain_force = domain
