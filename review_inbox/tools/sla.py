"""The rules of response deadlines, in Python (one review) and in SQL (many).

A review is due ``target`` hours after its date: the company's target for
alerts, or the one for any other review. Its status:

- none for Spam, and none for a review that left the Inbox unanswered
  before its deadline (nothing is due any more);
- ``met`` or ``missed`` once answered: by the deadline, or after it;
- ``late`` unanswered past its deadline (also once it left the Inbox
  unanswered after it);
- ``due_soon`` in the Inbox with less than a quarter of its target left;
- ``running`` before that.

``status_at`` (the ORM's compute) and ``status_sql`` (the job, a change of
target and the upgrade) say the same: ``test_sla.py`` checks both.
"""

from odoo.tools import SQL

# Share of the target left under which a review is due soon.
DUE_SOON_SHARE = 4  # a quarter


def status_at(now, state, review_date, deadline, responded, closed):
    """The status of one review at ``now``.

    :param responded: the first response's date, or False
    :param closed: when it left the Inbox (its last action), or False
    """
    if state == "spam" or not deadline:
        return False
    if responded:
        return "met" if responded <= deadline else "missed"
    if state != "inbox":
        return "late" if (closed or now) > deadline else False
    if now > deadline:
        return "late"
    if review_date and now >= deadline - (deadline - review_date) / DUE_SOON_SHARE:
        return "due_soon"
    return "running"


def _column(name):
    return SQL.identifier("review_message", name)


def status_sql(now, responded=None, deadline=None):
    """The same rule as ``status_at``, on the columns of review_message.

    :param responded: the first response's date (SQL), its column by default
    :param deadline: the deadline (SQL), its column by default
    """
    return SQL(
        """CASE
            WHEN %(state)s = 'spam' OR %(deadline)s IS NULL THEN NULL
            WHEN %(responded)s IS NOT NULL THEN
                CASE WHEN %(responded)s <= %(deadline)s
                     THEN 'met' ELSE 'missed' END
            WHEN %(state)s <> 'inbox' THEN
                CASE WHEN COALESCE(%(closed)s, %(now)s) > %(deadline)s
                     THEN 'late' END
            WHEN %(now)s > %(deadline)s THEN 'late'
            WHEN %(now)s >= %(deadline)s - (%(deadline)s - %(review_date)s) / %(share)s
                THEN 'due_soon'
            ELSE 'running'
        END""",
        state=_column("state"),
        deadline=deadline if deadline is not None else _column("sla_deadline"),
        responded=responded
        if responded is not None
        else _column("first_response_date"),
        closed=_column("last_action_date"),
        review_date=_column("review_date"),
        now=SQL("%s::timestamp", now),
        share=DUE_SOON_SHARE,
    )


def deadline_sql(company="company"):
    """``review_date`` plus the target of the review's company (alert or
    not), on review_message joined to its company as ``company``."""
    return SQL(
        "%(review_date)s + make_interval(hours => CASE WHEN %(is_alert)s"
        " THEN %(alert_hours)s ELSE %(hours)s END)",
        review_date=_column("review_date"),
        is_alert=_column("is_alert"),
        alert_hours=SQL.identifier(company, "review_sla_alert_hours"),
        hours=SQL.identifier(company, "review_sla_hours"),
    )
