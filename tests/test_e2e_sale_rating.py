"""A rating after a sale, end to end: from the salesman's order to the
customer's answer to the staff's reply, through real SMTP exchanges.

The Odoo server process serves a fresh database with the sales bridges and
their demo data, and sends its mail to the SMTP sink of the test session
(see conftest.py). The demo salesman confirms an order of goods over
JSON-RPC (no request yet: it has a delivery), then validates its delivery:
the request is scheduled. The administrator runs the send job
(``ir.cron.method_direct_trigger``); the email is read from the sink, one of
its star links is opened in headless Chromium, the customer rates 2 with a
comment. The review lands as an alert in the inbox of the sales team's
place, tied to the order, which its staff (without sales rights) see in the
review form. They reply; the customer answers through the reply link.
"""

import re
import time

import requests

SALESMAN = ("demo", "demo")
PLACE_USER = ("place_paris", "place_paris")
TEAM = "review_inbox_sale.crm_team_par04"  # Paris Click & Collect, place_paris's
PRODUCT = "review_inbox_sale_stock.product_granola_jar"
PRODUCT_NAME = "Homemade granola jar"
SEND_JOB = "review_inbox.ir_cron_send_review_requests"
CUSTOMER = {
    "name": "Eva Lindqvist",
    "email": "eva.lindqvist@example.com",
    "lang": "en_US",
}
COMMENT = "The granola was stale and the jar arrived cracked."
REPLY = "We are sorry about the jar, Eva: a new one is on its way, on us."
ANSWER = "Thank you, that is very kind!"
STAR_RE = re.compile(
    r"""href=["'](https?://[^"']+/review/rate/[A-Za-z0-9_-]{43}\?score=(\d))["']"""
)
REPLY_LINK_RE = re.compile(
    r"""href=["'](https?://[^"']+/review/reply/[A-Za-z0-9_-]{43})["']"""
)


def _squash(text):
    return " ".join((text or "").split())


def _xmlid(client, xmlid):
    module, name = xmlid.split(".")
    [data] = client.execute(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return data["res_id"]


def _requests(client, order_id):
    return client.execute(
        "review.request",
        "search_read",
        [("res_model", "=", "sale.order"), ("res_id", "=", order_id)],
        fields=["state", "place_id", "partner_id", "document_name"],
    )


def _wait(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def test_sale_rating_from_order_to_answer(odoo_server, admin, mailbox, browser):
    offset = odoo_server.log_offset()
    [company_id] = [
        c["company_id"][0]
        for c in admin.execute("res.users", "read", [admin.uid], ["company_id"])
    ]
    # asked as soon as delivered
    admin.execute(
        "res.company", "write", [company_id], {"review_request_sale_delay_hours": 0}
    )
    team_id = _xmlid(admin, TEAM)
    [place] = admin.execute("crm.team", "read", [team_id], ["review_place_id"])
    place_id, place_name = place["review_place_id"]

    # 1. The salesman sells goods to a customer: a delivery, no request yet.
    salesman = odoo_server.rpc(*SALESMAN)
    assert not salesman.execute(
        "res.users", "has_group", [salesman.uid], "review_inbox.group_review_inbox_user"
    )
    partner_id = admin.execute("res.partner", "create", CUSTOMER)
    order_id = salesman.execute(
        "sale.order",
        "create",
        {
            "partner_id": partner_id,
            "team_id": team_id,
            "order_line": [
                (0, 0, {"product_id": _xmlid(admin, PRODUCT), "product_uom_qty": 2})
            ],
        },
    )
    salesman.execute("sale.order", "action_confirm", [order_id])
    [order] = salesman.execute(
        "sale.order", "read", [order_id], ["name", "state", "picking_ids"]
    )
    assert order["state"] == "sale"
    assert order["picking_ids"], "goods to deliver"
    assert not _requests(admin, order_id), "asked once delivered"

    # 2. ... and delivers it.
    assert salesman.execute("stock.picking", "button_validate", order["picking_ids"])
    pickings = salesman.execute(
        "stock.picking", "read", order["picking_ids"], ["state"]
    )
    assert [p["state"] for p in pickings] == ["done"]
    [request] = _requests(admin, order_id)
    assert request["state"] == "scheduled"
    assert request["place_id"][0] == place_id
    assert request["partner_id"][0] == partner_id

    # 3. The send job runs; the mail queue sends the email to the sink.
    admin.execute("ir.cron", "method_direct_trigger", [_xmlid(admin, SEND_JOB)])
    assert _requests(admin, order_id)[0]["state"] == "sent"
    [mail] = mailbox.wait_for(
        lambda m: CUSTOMER["email"] in m.rcpt_tos and place_name in m.subject,
        timeout=60,
    )
    html = mail.body(("html",))
    assert f"Order {order['name']}" in _squash(re.sub(r"<[^>]+>", " ", html))
    stars = dict((score, link) for link, score in STAR_RE.findall(html))
    assert sorted(stars) == ["1", "2", "3", "4", "5"]
    assert stars["2"].startswith(f"{odoo_server.url}/review/rate/")
    assert mail.message["List-Unsubscribe"]

    # 4. The customer opens the two-star link: preselected, nothing stored.
    browser.goto(stars["2"])
    browser.wait_for_selector("form.o_review_rate_form textarea[name=comment]")
    assert _squash(browser.text(".o_review_rate_document")) == f"Order {order['name']}"
    assert browser.eval(
        "document.querySelector('input[name=rating][value=\"2\"]').checked"
    )
    assert _requests(admin, order_id)[0]["state"] == "sent"

    # 5. ... writes a comment and sends it.
    browser.fill("textarea[name=comment]", COMMENT)
    browser.click("form.o_review_rate_form button[type=submit]")
    browser.wait_for("document.querySelector('.o_review_rate_thanks')", timeout=30)
    assert _requests(admin, order_id)[0]["state"] == "rated"

    # 6. An alert of the team's place, tied to the order, for its staff, who
    # have no sales rights.
    staff = odoo_server.rpc(*PLACE_USER)
    assert not staff.execute(
        "res.users", "has_group", [staff.uid], "sales_team.group_sale_salesman"
    )
    [review] = staff.execute(
        "review.message",
        "search_read",
        [("sale_order_id", "=", order_id)],
        fields=[
            "place_id",
            "partner_id",
            "rating",
            "body",
            "is_alert",
            "priority",
            "state",
            "source",
            "sale_order_name",
            "sale_order_lines",
            "customer_order_count",
        ],
    )
    assert review["place_id"][0] == place_id
    assert review["partner_id"][0] == partner_id
    assert (review["rating"], review["body"], review["source"]) == (
        2,
        COMMENT,
        "request",
    )
    assert review["is_alert"] and review["priority"] == "alert"
    assert review["state"] == "inbox"
    assert review["sale_order_name"] == order["name"]
    assert review["sale_order_lines"] == f"{PRODUCT_NAME} × 2"
    assert review["customer_order_count"] == 1

    # 7. In the browser: the alert in the place's inbox, and the order on it.
    browser.goto(f"{odoo_server.url}/web/login")
    browser.fill("input[name=login]", PLACE_USER[0])
    browser.fill("input[name=password]", PLACE_USER[1])
    browser.click("form button[type=submit]")
    browser.wait_for("document.querySelector('.o_main_navbar')", timeout=60)
    browser.goto(
        f"{odoo_server.url}/odoo/action-review_inbox.review_message_action_inbox"
    )
    alert_card = (
        "[...document.querySelectorAll('.o_kanban_group')]"
        ".filter(g => (g.querySelector('.o_column_title') || {}).innerText"
        "?.includes('Alerts'))"
        ".flatMap(g => [...g.querySelectorAll('.o_kanban_record')])"
        f".find(c => c.innerText.includes({COMMENT!r}))"
    )
    browser.wait_for(alert_card, timeout=60)
    browser.eval(f"{alert_card}.click()")
    browser.wait_for_selector(".o_review_sale_order", timeout=60)
    card = _squash(browser.text(".o_review_sale_order"))
    assert order["name"] in card
    assert f"{PRODUCT_NAME} × 2" in card
    purchases = _squash(browser.text(".o_review_customer_purchases"))
    assert "Last 12 months" in purchases

    # 8. The staff reply; the customer answers through the reply link.
    staff.execute_kw("review.message", "send_reply", [[review["id"]], REPLY])
    [reply_mail] = mailbox.wait_for(
        lambda m: CUSTOMER["email"] in m.rcpt_tos and "replied" in m.subject,
        timeout=60,
    )
    [link] = set(REPLY_LINK_RE.findall(reply_mail.body(("html",))))
    browser.goto(f"{odoo_server.url}/web/session/logout")
    browser.goto(link)
    browser.wait_for_selector("form.o_review_reply_form textarea[name=answer]")
    browser.fill("textarea[name=answer]", ANSWER)
    browser.click("form.o_review_reply_form button[type=submit]")
    browser.wait_for("document.querySelector('.o_review_reply_thanks')", timeout=30)

    def unread():
        [values] = staff.execute(
            "review.message", "read", [review["id"]], ["conversation_state"]
        )
        return values["conversation_state"] == "unread"

    assert _wait(unread), "the customer's answer is unread in the inbox"
    entries = staff.execute(
        "review.conversation.entry",
        "search_read",
        [("review_id", "=", review["id"])],
        fields=["author_type", "body"],
    )
    assert [(e["author_type"], e["body"]) for e in entries] == [
        ("staff", REPLY),
        ("customer", ANSWER),
    ]
    assert requests.get(link, timeout=30).status_code == 410
    # the customer received the request and the reply, nothing else
    assert [m for m in mailbox.messages if CUSTOMER["email"] in m.rcpt_tos] == [
        mail,
        reply_mail,
    ]
    assert not browser.console_errors, browser.console_errors
    assert not odoo_server.log_problems(offset), odoo_server.log_problems(offset)
