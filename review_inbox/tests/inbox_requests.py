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
    "body": {},
    "hold_reason": {},
    "conversation_state": {},
    "conversation_date": {},
    "user_id": M2O,
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
    "conversation_state": {},
    "conversation_date": {},
    "reply_not_delivered": {},
    "is_delegated": {},
    "state": {},
}
