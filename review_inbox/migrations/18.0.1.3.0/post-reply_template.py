"""The reply email no longer greets the customer over the staff's own
greeting, and signs with the staff member's first name. The template is
``noupdate``: an update does not rewrite it by itself. One that still holds
the old greeting is reset from its file (and its translations), as the
template's *Reset* button does; one edited otherwise is left as it is."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

OLD_GREETING = "object.partner_id.name"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref("review_inbox.mail_template_review_reply", False)
    if not template:
        return
    body = template.with_context(lang="en_US").body_html or ""
    if OLD_GREETING not in body:
        _logger.info("Reply email template edited: left as it is")
        return
    template.reset_template()
    _logger.info("Reply email template reset: no greeting of its own any more")
