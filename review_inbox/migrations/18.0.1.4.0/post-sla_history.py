"""Existing reviews get their first response, deadline and status.

The first response comes from the history: the first staff reply of the
customer conversation, the first call logged as reached (the chatter note
"Call: Reached", in any installed language), the delegation to customer
service (its note, else the review's last action). Deadlines come from the
companies' targets; reviews that left the Inbox count as closed at their
last action. Alerts already late are counted as escalated: the upgrade
notifies nobody of the past.

In SQL, one statement per batch of ids, with every source read by the
(model, res_id) and review_id indexes.
"""

import logging

from markupsafe import escape

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL
from odoo.tools.translate import code_translations

from odoo.addons.review_inbox.tools import sla

_logger = logging.getLogger(__name__)

BATCH = 50000
TRIGGER = "review_message_sync_txid"


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    compute_history(env)


def _like(text):
    return (
        "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    )


def call_reached_patterns(env):
    """LIKE patterns of the note a reached call logged, in every language."""
    langs = {"en_US"} | {code for code, __ in env["res.lang"].get_installed()}
    wizard = env["review.call.wizard"]
    patterns = set()
    for lang in sorted(langs):
        template = "Call: %(outcome)s"
        if lang != "en_US":
            translations = code_translations.get_python_translations(
                "review_inbox", lang
            )
            template = translations.get(template) or template
        labels = dict(
            wizard._fields["outcome"]._description_selection(
                wizard.with_context(lang=lang).env
            )
        )
        text = template % {"outcome": labels["reached"]}
        for variant in (
            text,
            str(escape(text)),
            str(escape(text)).replace("\xa0", "&nbsp;"),
        ):
            patterns.add(_like(variant))
    return sorted(patterns)


def compute_history(env, batch=BATCH):
    cr = env.cr
    env.flush_all()
    cr.execute(SQL("SELECT min(id), max(id) FROM review_message"))
    low, high = cr.fetchone()
    if low is None:
        return
    # What the JSON API exports of a review does not change: its sync
    # position stays (review_message._init_sync_txid), and API clients are
    # not sent every review again. (On an error the update's transaction
    # rolls back, this too.)
    trigger = SQL.identifier(TRIGGER)
    cr.execute(SQL("ALTER TABLE review_message DISABLE TRIGGER %s", trigger))
    _compute_batches(env, low, high, batch)
    cr.execute(SQL("ALTER TABLE review_message ENABLE TRIGGER %s", trigger))
    env.invalidate_all()


def _compute_batches(env, low, high, batch):
    cr = env.cr
    note_id = env.ref("mail.mt_note").id
    patterns = call_reached_patterns(env)
    now = fields.Datetime.now()
    responded = SQL("computed.responded")
    deadline = SQL("computed.deadline")
    for start in range(low, high + 1, batch):
        end = start + batch
        cr.execute(
            SQL(
                """
                WITH notes AS (
                    SELECT res_id, date, body FROM mail_message
                     WHERE model = 'review.message'
                       AND res_id >= %(start)s AND res_id < %(end)s
                       AND subtype_id = %(note)s
                ),
                responses AS (
                    SELECT review_id AS id, min(date) AS date
                      FROM review_conversation_entry
                     WHERE author_type = 'staff'
                       AND review_id >= %(start)s AND review_id < %(end)s
                  GROUP BY review_id
                UNION ALL
                    SELECT res_id, min(date) FROM notes
                     WHERE body LIKE ANY(%(calls)s)
                  GROUP BY res_id
                UNION ALL
                    SELECT review.id, COALESCE(
                               min(notes.date), review.last_action_date,
                               review.write_date)
                      FROM review_message review
                 LEFT JOIN notes ON notes.res_id = review.id
                               AND strpos(notes.body,
                                          '(' || review.delegated_to || ')') > 0
                     WHERE review.is_delegated
                       AND review.id >= %(start)s AND review.id < %(end)s
                  GROUP BY review.id
                ),
                firsts AS (
                    SELECT id, min(date) AS date FROM responses GROUP BY id
                ),
                computed AS (
                    SELECT review_message.id,
                           COALESCE(review_message.first_response_date, firsts.date)
                               AS responded,
                           %(deadline)s AS deadline
                      FROM review_message
                      JOIN res_company company
                        ON company.id = review_message.company_id
                 LEFT JOIN firsts ON firsts.id = review_message.id
                     WHERE review_message.id >= %(start)s
                       AND review_message.id < %(end)s
                )
                UPDATE review_message
                   SET first_response_date = computed.responded,
                       first_response_hours = CASE
                           WHEN computed.responded IS NULL THEN 0
                           ELSE round(GREATEST(extract(epoch FROM
                               computed.responded - review_message.review_date
                           )::numeric, 0) / 3600, 2) END,
                       sla_deadline = computed.deadline,
                       sla_status = %(status)s
                  FROM computed
                 WHERE computed.id = review_message.id
                """,
                start=start,
                end=end,
                note=note_id,
                calls=patterns,
                deadline=sla.deadline_sql(),
                status=sla.status_sql(now, responded=responded, deadline=deadline),
            )
        )
        cr.execute(
            SQL(
                """UPDATE review_message SET sla_escalated = TRUE
                    WHERE id >= %s AND id < %s AND %s""",
                start,
                end,
                SQL(
                    "sla_status = 'late' AND is_alert AND state = 'inbox'"
                    " AND first_response_date IS NULL"
                ),
            )
        )
        _logger.info("Review deadlines: reviews %s to %s done", start, end - 1)
