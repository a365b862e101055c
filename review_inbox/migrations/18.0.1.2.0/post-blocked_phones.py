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
    archive, rewrite = [], []
    for block in blocks:
        phone = normalize_phone(env, block.phone, block.company_id.country_id)
        key = (block.company_id.id, phone)
        if block.active and key in seen:
            archive.append(block.id)
            _logger.info(
                "Blocked sender %s: the same number as another block", block.id
            )
        elif block.active:
            seen.add(key)
        if phone != block.phone:
            rewrite.append((phone, block.id))
    # raw SQL, duplicates archived first: the ORM would normalize again and
    # the unique index of active numbers would refuse the first rewrite
    if archive:
        cr.execute(
            "UPDATE review_blocked_sender SET active = FALSE WHERE id = ANY(%s)",
            (archive,),
        )
    for phone, block_id in rewrite:
        cr.execute(
            "UPDATE review_blocked_sender SET phone = %s WHERE id = %s",
            (phone, block_id),
        )
