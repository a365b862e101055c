"""A written reply, end to end: from the staff's RPC call to the customer's
answer on the reply page, through a real SMTP exchange.

The Odoo server process serves a fresh database and sends its mail to the
SMTP sink of the test session (see conftest.py). A place user sends a reply
over JSON-RPC, the mail queue (triggered by the reply) sends it, the email is
read from the sink, its one-time link is opened in headless Chromium, the
customer's answer is typed and sent; the review then shows Unread Customer
Reply until staff mark it as read (Pending Action). The used link answers 410
afterwards.
"""

import json
import re
import time

import requests

MODEL = "review.message"
PLACE_USER = ("place_paris", "place_paris")
REPLY = (
    "Thank you for your review. We are sorry about the wait: could you tell us "
    "the day of your visit?\nWe would like to make it up to you."
)
ANSWER = "It was last Saturday around 1 pm.\nThank you for getting back to me!"
LINK_RE = re.compile(
    r"""href=["'](https?://[^"']+/review/reply/[A-Za-z0-9_-]{43})["']"""
)


def _squash(text):
    """Text with its runs of white space made single spaces."""
    return " ".join((text or "").split())


def _paris_review(staff):
    """A review of a Paris place, in the Inbox, whose customer has an email and
    that nobody answered yet (the newest: other tests take the oldest)."""
    found = staff.execute_kw(
        MODEL,
        "search_read",
        [
            [
                ("place_id.code", "=like", "PAR%"),
                ("partner_id.email", "!=", False),
                ("conversation_state", "=", "none"),
                ("state", "=", "inbox"),
                ("body", "!=", False),
            ]
        ],
        {
            "fields": ["body", "place_id", "partner_id", "partner_email"],
            "order": "id desc",
            "limit": 1,
        },
    )
    assert found, "the demo data has no unanswered Paris review with a customer email"
    return found[0]


def _conversation(staff, review_id):
    [values] = staff.execute_kw(
        MODEL,
        "read",
        [[review_id], ["conversation_state", "conversation_entry_ids", "state"]],
    )
    return values


def _wait_for_state(staff, review_id, state, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        current = _conversation(staff, review_id)["conversation_state"]
        if current == state or time.monotonic() > deadline:
            return current
        time.sleep(0.5)


def test_reply_by_email_and_answer_on_the_page(odoo_server, mailbox, browser):
    offset = odoo_server.log_offset()
    staff = odoo_server.rpc(*PLACE_USER)
    review = _paris_review(staff)
    review_id = review["id"]
    place = review["place_id"][1]
    customer_email = review["partner_email"]

    # 1. The place user replies over RPC; the email waits in the queue.
    staff.execute_kw(MODEL, "send_reply", [[review_id], REPLY])
    assert _conversation(staff, review_id)["conversation_state"] == "awaiting"

    # 2. The reply triggered the mail queue's scheduled job: the server's cron
    # thread sends it within seconds, without anyone running the queue.
    [mail] = mailbox.wait_for(
        lambda m: customer_email in m.rcpt_tos and place in m.subject, timeout=30
    )
    assert mail.subject == f"{place} replied to your review"
    html = mail.body(("html",))  # MIME decoded, quoted-printable undone
    assert _squash(REPLY) in _squash(re.sub(r"<[^>]+>", " ", html))
    links = set(LINK_RE.findall(html))
    assert len(links) == 1, f"expected one reply link in the email: {links}"
    link = links.pop()
    assert link.startswith(f"{odoo_server.url}/review/reply/"), link

    # Sent, so the reply shows as delivered (once the queue's transaction,
    # which writes it after the mail server accepted the email, commits).
    deadline = time.monotonic() + 20
    while True:
        entries = staff.execute_kw(
            "review.conversation.entry",
            "search_read",
            [[("review_id", "=", review_id)]],
            {"fields": ["author_type", "body", "delivery_state"]},
        )
        if entries[0]["delivery_state"] != "queued" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert [(e["author_type"], e["body"]) for e in entries] == [("staff", REPLY)]
    assert entries[0]["delivery_state"] == "sent"

    # 3. The customer opens the link, logged out.
    browser.goto(link)
    browser.wait_for_selector("form.o_review_reply_form textarea[name=answer]")
    assert _squash(browser.text("h1")) == _squash(place)
    assert _squash(browser.text(".o_review_reply_original .o_review_reply_text")) == (
        _squash(review["body"])
    )
    staff_entry = ".o_review_reply_entry_staff .o_review_reply_text"
    assert browser.count(staff_entry) == 1
    assert (
        browser.eval(f"document.querySelector({json.dumps(staff_entry)}).textContent")
        == REPLY
    )

    # 4. ... types an answer and sends it.
    browser.fill("textarea[name=answer]", ANSWER)
    browser.click("form.o_review_reply_form button[type=submit]")
    browser.wait_for("document.querySelector('.o_review_reply_thanks')", timeout=30)
    # in the customer's language (the demo customers': English)
    assert browser.url == f"{odoo_server.url}/review/reply/thanks?lang=en_US"
    assert "Thank you for your message" in browser.text(".o_review_reply_thanks")

    # 5. The review shows an unread customer reply.
    assert _wait_for_state(staff, review_id, "unread") == "unread"
    entries = staff.execute_kw(
        "review.conversation.entry",
        "search_read",
        [[("review_id", "=", review_id)]],
        {"fields": ["author_type", "body", "source", "is_unread"]},
    )
    assert [(e["author_type"], e["body"]) for e in entries] == [
        ("staff", REPLY),
        ("customer", ANSWER),
    ]
    assert entries[1]["source"] == "web"
    assert entries[1]["is_unread"]

    # 6. Mark as Read turns it to Pending Action.
    assert staff.execute_kw(MODEL, "action_mark_read", [[review_id]]) is True
    assert _conversation(staff, review_id)["conversation_state"] == "pending"

    # 7. The link was for one answer: it is gone now.
    assert requests.get(link, timeout=30).status_code == 410
    browser.goto(link)
    browser.wait_for_selector(".o_review_reply_error")
    assert "can no longer be used" in browser.text(".o_review_reply_error")
    assert not browser.count("textarea[name=answer]")
    assert _conversation(staff, review_id)["conversation_state"] == "pending"

    # Only the reply was emailed to the customer.
    assert [m for m in mailbox.messages if customer_email in m.rcpt_tos] == [mail]
    assert not browser.console_errors, browser.console_errors
    assert not odoo_server.log_problems(offset), odoo_server.log_problems(offset)
