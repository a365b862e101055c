"""What the web client asks the server for on the Inbox (captured from
Chromium): the specifications of its kanban cards and list rows.

Plain data, shared by the query-count tests (test_performance_inbox, which
also checks them against the views) and the benchmark (scripts/bench/run.py).
"""

INBOX = [["state", "=", "inbox"]]
M2O = {"fields": {"display_name": {}}}
KANBAN_SPEC = {
    "state": {},
    "is_on_hold": {},
    "partner_name": {},
    "review_date": {},
    "place_id": M2O,
    "rating_stars": {},
    "review_icons": {},
    "sla_status": {},
    "sla_deadline": {},
    "body": {},
    "hold_reason": {},
    "conversation_state": {},
    "conversation_date": {},
    "conversation_author_id": M2O,
    "reply_not_delivered": {},
    "user_id": M2O,
    "source": {},
}
LIST_SPEC = {
    "review_date": {},
    "partner_name": {},
    "place_id": M2O,
    "rating_stars": {},
    "review_type": {},
    "body_preview": {},
    "is_alert": {},
    "priority": {},
    "user_id": M2O,
    "sla_status": {},
    "sla_deadline": {},
    "conversation_state": {},
    "conversation_date": {},
    "conversation_author_id": M2O,
    "reply_not_delivered": {},
    "is_delegated": {},
    "state": {},
}


def open_kanban(Review, domain):
    """The Inbox kanban in the server's own terms: its groups, then the first
    page of each column. Each column is a request of its own: nothing of the
    previous one in the cache."""
    groups = Review.web_read_group(domain, [], ["priority"], lazy=True)
    for group in groups["groups"]:
        if group["priority_count"]:
            Review.env.invalidate_all()
            Review.with_context(default_priority=group["priority"]).web_search_read(
                [*domain, ["priority", "=", group["priority"]]],
                KANBAN_SPEC,
                limit=80,
                count_limit=10001,
            )
    return groups


def open_list(Review, domain, limit=80):
    """The Inbox list's first page, in the server's own terms."""
    return Review.web_search_read(
        domain, LIST_SPEC, order="review_date DESC", limit=limit, count_limit=10001
    )
