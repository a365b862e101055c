from email.header import decode_header, make_header

from odoo import api, models


def raw_from_header(message):
    """Every From header of ``message`` as sent, decoded (RFC 2047) but not
    parsed: parsing keeps the first address only, and ``carla@x <evil@y>``
    would read as Carla."""
    values = [
        " ".join(str(value).split())  # unfolded
        for name, value in message.raw_items()
        if name.lower() == "from"
    ]
    decoded = []
    for value in values:
        try:
            decoded.append(str(make_header(decode_header(value))))
        except (LookupError, UnicodeError, ValueError):
            decoded.append(value)
    return ", ".join(decoded)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        """Keep the raw From of an incoming email for the reviews it reaches
        (see ``review.message._is_customer_email``): the gateway's
        ``email_from`` and author come from its first address only."""
        if any(route[0] == "review.message" for route in routes):
            self = self.with_context(review_inbox_email_from=raw_from_header(message))
        return super()._message_route_process(message, message_dict, routes)
