"""Blocked numbers were stored as digits: store them in E.164, as they are
now compared, so that "01 23 45 67 89" and "+33 1 23 45 67 89" of a French
company block the same sender. Two blocks that turn out to be one number
keep the oldest active."""

import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.review_inbox.tools.intake import normalize_phone

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    blocks = (
        env["review.blocked.sender"]
        .with_context(active_test=False)
        .search([("phone", "!=", False)], order="active desc, id")
    )
    seen = set()
    for block in blocks:
        phone = normalize_phone(env, block.phone, block.company_id.country_id)
        key = (block.company_id.id, phone)
        values = {}
        if phone != block.phone:
            values["phone"] = phone
        if block.active and key in seen:
            values["active"] = False
            _logger.info(
                "Blocked sender %s: the same number as another block", block.id
            )
        if block.active:
            seen.add(key)
        if values:
            # raw SQL: the ORM would normalize again and hit the unique index
            # before the duplicate is archived
            cr.execute(
                "UPDATE review_blocked_sender SET phone = %s, active = %s "
                "WHERE id = %s",
                (
                    values.get("phone", block.phone),
                    values.get("active", block.active),
                    block.id,
                ),
            )
