"""The record rules of review.conversation are ``noupdate``: an update does
not remove them by itself. Its model, fields and access rows go with the
end of the update, as for any model a module no longer defines."""

from odoo import SUPERUSER_ID, api

RULES = (
    "review_conversation_rule_company",
    "review_conversation_rule_user",
    "review_conversation_rule_all",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in RULES:
        rule = env.ref(f"review_inbox.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.unlink()
