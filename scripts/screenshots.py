"""Take the documentation's screenshots (docs/screenshots/*.png) with Chromium.

By default a throwaway database with the addon and its demo data is created,
served on a free port, and dropped afterwards, so the pictures do not depend
on what was clicked in the demo database. The server started here sends its
mail to a local SMTP sink (nothing leaves the machine). The pictures of the
customer conversation reply to a demo review as a place user, over JSON-RPC,
and answer on the customer's reply page. The bridges' pictures show their own
demo data (a rated sale order, a review's helpdesk ticket, a goodwill
gesture); the rating page opens a demo rating request whose one-time link the
administrator renews over JSON-RPC (only its hash is stored, so no link of the
demo can be read back). Options:

    --db NAME     use this existing database instead (not dropped)
    --url URL     use this running server (with --db) instead of starting one
    --only NAME   take only these shots (repeatable; file name without .png)
    --lang CODE   language of the pictures (default en_US): loaded with its
                  translations, set on the users and on the customers of the
                  reviews; pictures into docs/screenshots/<language>/ (fr_FR:
                  docs/screenshots/fr/), English ones into docs/screenshots/
    --out DIR     where to write (default: as said for --lang)

Run through ``make screenshots`` (or ``scripts/screenshots.sh``), which sets
up the environment. To add a shot, add a ``Shot`` to ``SHOTS``.
"""

import argparse
import hashlib
import html
import json
import re
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import harness  # noqa: E402
from tests.browser import Browser, odoo_login  # noqa: E402

WIDTH, HEIGHT = 1440, 900
# A phone's viewport (CSS pixels) and pixel ratio, for the customer's pages.
PHONE = (390, 844, 2)
INBOX_ACTION = "/odoo/action-review_inbox.review_message_action_inbox"
RATINGS_ACTION = "/odoo/action-review_inbox.review_message_action_ratings"
REPORT_ACTION = "/odoo/action-review_inbox.review_report_action"
DASHBOARD_XMLID = "review_inbox_dashboard.spreadsheet_dashboard_reviews"
PLACE_USER = ("place_paris", "place_paris")

# The written reply of the pictures: a demo review of a Paris place whose
# customer has an email, the staff's reply, and the customer's answer.
REPLY_REVIEW_XMLID = "review_inbox.review_message_par02_4"
COMMON_REPLY_REVIEW_XMLID = "review_inbox.review_message_par01_1"
# The bridges' demo data: a sent rating request, an order rated 2, a review
# handed to the helpdesk, a customer won back by a coupon.
RATE_ORDER_XMLID = "review_inbox_sale.sale_order_lucas"
RATED_ORDER_XMLID = "review_inbox_sale.sale_order_hugo"
TICKET_REVIEW_XMLID = "review_inbox.review_message_par01_2"
GESTURE_REVIEW_XMLID = "review_inbox_loyalty.review_message_recovered"
# A task of the demo project "Support" its customer rated 1, and the measures
# of the reviews analysis shown (the demo's months fit the picture's width).
RATED_TASK_XMLID = "review_inbox_rating.project_task_demo_support_2"
REPORT_MEASURES = ("review_count", "rating_avg", "alert_rate")
# The demo's point of sale that prints rating QR codes on its receipts.
RECEIPT_QR_POS_XMLID = "point_of_sale.pos_config_main"
RATE_LINK_DAYS = 30
# (reply, answer) by language (its first two letters); English otherwise.
CONVERSATION_TEXTS = {
    "en": (
        "Dear Inès, thank you for telling us, and we are sorry about the wait "
        "and the mistake on your bill.\nCould you tell us the day of your "
        "visit? We will refund the extra dessert.",
        "It was last Saturday, around 1 pm, table 6. Thank you for getting back "
        "to me so quickly!",
    ),
    "fr": (
        "Chère Inès, merci de nous l'avoir signalé, et toutes nos excuses pour "
        "l'attente et l'erreur sur votre addition.\nPouvez-vous nous dire le "
        "jour de votre visite ? Nous vous rembourserons le dessert en trop.",
        "C'était samedi dernier, vers 13 h, table 6. Merci de m'avoir répondu "
        "si vite !",
    ),
}
DEFAULT_LANG = "en_US"
REPLY_LINK_RE = re.compile(r"""href=["']([^"']*/review/reply/[A-Za-z0-9_-]{43})["']""")
CSRF_RE = re.compile(r"""name=["']csrf_token["'][^>]*value=["']([^"']+)["']""")


@dataclass
class Context:
    """What a shot's URL or steps may need."""

    url: str  # the server's base URL
    rpc: harness.JsonRpcClient  # administrator's JSON-RPC client
    lang: str = DEFAULT_LANG  # the language of the pictures
    cache: dict = field(default_factory=dict)
    # The SMTP sink the server sends its mail to, when the server is ours: the
    # reply is then sent by the mail queue its sending triggers, shows as Sent,
    # and its link is read from the email received.
    sink: object = None

    @property
    def texts(self):
        """(reply, answer) of the conversation shown, in the pictures' language."""
        short = self.lang.split("_")[0]
        return CONVERSATION_TEXTS.get(short, CONVERSATION_TEXTS["en"])

    def first_review_id(self):
        """Id of the first review.message in the model's default order."""
        if "first_review_id" not in self.cache:
            ids = self.rpc.execute("review.message", "search", [], limit=1)
            if not ids:
                raise RuntimeError("the demo data has no review.message")
            self.cache["first_review_id"] = ids[0]
        return self.cache["first_review_id"]

    def demo_id(self, xmlid):
        """Id of a record of the demo data."""
        if xmlid not in self.cache:
            module, name = xmlid.split(".")
            found = self.rpc.execute(
                "ir.model.data",
                "search_read",
                [("module", "=", module), ("name", "=", name)],
                fields=["res_id"],
            )
            if not found:
                raise RuntimeError(f"the demo data has no {xmlid}")
            self.cache[xmlid] = found[0]["res_id"]
        return self.cache[xmlid]

    def reply_review_id(self):
        """Id of the review the pictures of the conversation show."""
        return self.demo_id(REPLY_REVIEW_XMLID)

    def reply_link_path(self):
        """Path of the one-time link of a fresh staff reply.

        The place user replies over JSON-RPC; the link is read from the
        email (it is stored nowhere else): from our SMTP sink when the server
        sends to it, else from the mail queue before it is sent.
        """
        if "reply_link_path" not in self.cache:
            review_id = self.reply_review_id()
            staff = harness.JsonRpcClient(self.url, self.rpc.db, *PLACE_USER)
            staff.execute_kw(
                "review.message", "send_reply", [[review_id], self.texts[0]]
            )
            if self.sink:
                [mail] = self.sink.wait_for(
                    lambda m: "/review/reply/" in m.body(("html",)), timeout=60
                )
                body = mail.body(("html",))
            else:
                mails = self.rpc.execute(
                    "mail.mail",
                    "search_read",
                    [
                        ("model", "=", "review.message"),
                        ("res_id", "=", review_id),
                        ("body_html", "ilike", "/review/reply/"),
                    ],
                    fields=["body_html"],
                    order="id desc",
                    limit=1,
                )
                body = mails[0]["body_html"] if mails else ""
            links = REPLY_LINK_RE.findall(body)
            if not links:
                raise RuntimeError("no reply link in the email")
            # The server's URL, whatever web.base.url says.
            link = urlsplit(html.unescape(links[0]))
            self.cache["reply_link_path"] = link.path
        return self.cache["reply_link_path"]

    def rate_link_path(self):
        """Path of a valid one-time link of a demo rating request.

        The demo's links live only in its emails, which the mail queue may
        have sent and deleted: the administrator gives the sent request of
        a demo order a new link (its hash and expiry, as sending does).
        """
        if "rate_link_path" not in self.cache:
            order_id = self.demo_id(RATE_ORDER_XMLID)
            found = self.rpc.execute(
                "review.request",
                "search",
                [("res_model", "=", "sale.order"), ("res_id", "=", order_id)],
                limit=1,
            )
            if not found:
                raise RuntimeError(f"no rating request for {RATE_ORDER_XMLID}")
            token = secrets.token_urlsafe(32)
            expiry = time.strftime(
                "%Y-%m-%d %H:%M:%S",
                time.gmtime(time.time() + RATE_LINK_DAYS * 86400),
            )
            self.rpc.execute(
                "review.request",
                "write",
                found,
                {
                    "state": "sent",
                    "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                    "token_expiry": expiry,
                    "token_used_date": False,
                },
            )
            self.cache["rate_link_path"] = f"/review/rate/{token}?score=4"
        return self.cache["rate_link_path"]

    def sale_review_id(self):
        """Id of the review of a demo order, rated through its request."""
        if "sale_review_id" not in self.cache:
            order_id = self.demo_id(RATED_ORDER_XMLID)
            found = self.rpc.execute(
                "review.message",
                "search",
                [("sale_order_id", "=", order_id)],
                limit=1,
                context={"active_test": False},
            )
            if not found:
                raise RuntimeError(f"no review of {RATED_ORDER_XMLID}")
            self.cache["sale_review_id"] = found[0]
        return self.cache["sale_review_id"]

    def task_review_id(self):
        """Id of the review made from the rating of a demo task."""
        if "task_review_id" not in self.cache:
            found = self.rpc.execute(
                "review.message",
                "search",
                [
                    ("res_model", "=", "project.task"),
                    ("res_id", "=", self.demo_id(RATED_TASK_XMLID)),
                ],
                limit=1,
                context={"active_test": False},
            )
            if not found:
                raise RuntimeError(f"no review of {RATED_TASK_XMLID}")
            self.cache["task_review_id"] = found[0]
        return self.cache["task_review_id"]

    def answered_review_id(self):
        """Id of the review once its customer answered on the reply page."""
        if "answered_review_id" not in self.cache:
            url = f"{self.url}{self.reply_link_path()}"
            with requests.Session() as customer:
                page = customer.get(url, timeout=60)
                page.raise_for_status()
                csrf = CSRF_RE.search(page.text)
                if not csrf:
                    raise RuntimeError(f"no form on the reply page {url}")
                sent = customer.post(
                    url,
                    data={"csrf_token": csrf.group(1), "answer": self.texts[1]},
                    timeout=60,
                )
                sent.raise_for_status()
                if urlsplit(sent.url).path != "/review/reply/thanks":
                    raise RuntimeError(f"the answer was not taken: {sent.url}")
            self.cache["answered_review_id"] = self.reply_review_id()
        return self.cache["answered_review_id"]


@dataclass
class Shot:
    """One screenshot.

    name    file name in the output directory
    path    URL path, or a function of the Context returning one
    ready   JavaScript condition true once the page shows what we want
    login   (login, password) to log in with first, or None for a public page
    steps   optional function (browser, context) run once ``ready`` holds,
            e.g. to open a dialog; it waits for what it needs itself
    phone   True to take it as a phone shows it (mobile viewport)
    height  the desktop viewport's height, when what it shows is taller
    """

    name: str
    path: object
    ready: str
    login: tuple = (harness.ADMIN_LOGIN, harness.ADMIN_PASSWORD)
    steps: object = None
    phone: bool = False  # taken in a phone's viewport (PHONE)
    height: int = HEIGHT  # of the desktop viewport, for a taller form


def _visible(selector):
    return (
        "(el => el && el.getClientRects().length > 0)"
        f"(document.querySelector({json.dumps(selector)}))"
    )


SHOTS = [
    Shot(
        name="inbox_kanban.png",
        path=INBOX_ACTION,
        ready=_visible(".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"),
    ),
    Shot(
        name="inbox_list.png",
        path=f"{INBOX_ACTION}?view_type=list",
        ready=_visible(".o_list_view .o_data_row"),
    ),
    Shot(
        name="review_form.png",
        path=lambda ctx: f"{INBOX_ACTION}/{ctx.first_review_id()}",
        ready=_visible(".o_form_view .o_form_sheet"),
    ),
    Shot(
        name="customer_reply_page.png",
        path=lambda ctx: ctx.reply_link_path(),
        ready=_visible(".o_review_reply_form textarea[name=answer]"),
        login=None,
        steps=lambda browser, ctx: _type_answer(browser, ctx.texts[1]),
    ),
    Shot(
        name="review_conversation.png",
        path=lambda ctx: f"{RATINGS_ACTION}/{ctx.answered_review_id()}",
        ready=_visible(".o_form_view .o_review_conversation .o_review_badge_unread"),
        login=PLACE_USER,
        steps=lambda browser, ctx: _show_conversation(browser),
    ),
    Shot(
        name="common_reply_dialog.png",
        path=lambda ctx: f"{INBOX_ACTION}/{ctx.demo_id(COMMON_REPLY_REVIEW_XMLID)}",
        ready=_visible(".o_form_view .o_review_actions"),
        login=PLACE_USER,
        steps=lambda browser, ctx: _open_common_replies(browser),
    ),
    Shot(
        name="rating_page_phone.png",
        path=lambda ctx: ctx.rate_link_path(),
        ready=_visible(".o_review_rate_form textarea[name=comment]"),
        login=None,
        phone=True,
    ),
    Shot(
        name="review_customer_purchases.png",
        path=lambda ctx: f"{INBOX_ACTION}/{ctx.sale_review_id()}",
        ready=_visible(".o_form_view .o_review_sale_order"),
        height=1000,  # the whole panel, with the rated order, under the header
    ),
    Shot(
        name="review_helpdesk_ticket.png",
        path=lambda ctx: f"{INBOX_ACTION}/{ctx.demo_id(TICKET_REVIEW_XMLID)}",
        ready=_visible(".o_form_view .o_review_ticket_button"),
    ),
    Shot(
        name="review_goodwill_gesture.png",
        path=lambda ctx: f"{RATINGS_ACTION}/{ctx.demo_id(GESTURE_REVIEW_XMLID)}",
        ready=_visible(".o_form_view .o_review_gestures"),
        login=PLACE_USER,
        steps=lambda browser, ctx: _scroll_into_view(browser, ".o_review_gestures"),
        height=1000,
    ),
    Shot(
        name="pos_receipt_qr.png",
        path=lambda ctx: f"/pos/ui?config_id={ctx.demo_id(RECEIPT_QR_POS_XMLID)}",
        ready=_visible(".pos .pos-content, .screen-login, .modal .modal-footer"),
        steps=lambda browser, ctx: _pay_at_the_till(browser),
        height=1000,
    ),
    Shot(
        name="report_pivot.png",
        path=REPORT_ACTION,
        ready=_visible(".o_pivot .o_pivot_header_cell_closed"),
        steps=lambda browser, ctx: _choose_measures(browser, ctx, REPORT_MEASURES),
    ),
    Shot(
        name="dashboard.png",
        path="/odoo/dashboards",
        ready=_visible(".o_spreadsheet_dashboard_search_panel li[data-name]"),
        steps=lambda browser, ctx: _open_reviews_dashboard(browser, ctx),
        height=980,  # down to the table's total
    ),
    Shot(
        name="task_rating_review.png",
        path=lambda ctx: f"{INBOX_ACTION}/{ctx.task_review_id()}",
        ready=_visible(".o_form_view .o_review_rated_document"),
        steps=lambda browser, ctx: _scroll_into_view(
            browser, ".o_form_view .o_review_rated_document"
        ),
        height=1000,  # the review, and below it the rated task with its link
    ),
]


def _scroll_into_view(browser, selector):
    """Bring ``selector`` to the bottom of the form's scrolled area, with as
    much as fits above it (the conversation above the gestures)."""
    browser.eval(
        f"document.querySelector({json.dumps(selector)})"
        ".scrollIntoView({block: 'end'})"
    )


def _open_reviews_dashboard(browser, ctx):
    """The Reviews dashboard (other modules' dashboards may come first)."""
    [dashboard] = ctx.rpc.execute(
        "spreadsheet.dashboard",
        "read",
        [ctx.demo_id(DASHBOARD_XMLID)],
        fields=["name"],
        context={"lang": ctx.lang},
    )
    item = f".o_search_panel_category_value[data-name={json.dumps(dashboard['name'])}]"
    # A click before the panel listens does nothing, and the first dashboard's
    # charts would pass for ours: click until it is the active one.
    for _attempt in range(3):
        browser.click(item)
        try:
            browser.wait_for_selector(f"{item}.active", timeout=10)
            break
        except TimeoutError:
            continue
    browser.wait_for_selector(f"{item}.active")
    browser.wait_for_selector(".o_spreadsheet_dashboard_action .o-figure canvas")


def _choose_measures(browser, ctx, measures):
    """The pivot with these measures only (fields of review.report), each
    switched on or off in its Measures menu, then the menu closed."""
    fields = ctx.rpc.execute(
        "review.report",
        "fields_get",
        [],
        attributes=["string"],
        context={"lang": ctx.lang},
    )
    wanted = json.dumps([fields[name]["string"] for name in measures])
    browser.click(".o_pivot_buttons .dropdown-toggle")
    browser.wait_for_selector(".o-dropdown--menu .o_menu_item")
    # One toggle at a time: each reloads the pivot and renders the menu anew.
    toggle = f"""(() => {{
        const wanted = {wanted};
        const item = [...document.querySelectorAll(".o-dropdown--menu .o_menu_item")]
            .find((el) => wanted.includes(el.textContent.trim())
                !== el.classList.contains("selected"));
        if (item) {{
            item.click();
        }}
        return !!item;
    }})()"""
    while browser.eval(toggle):
        settle(browser)
    browser.click(".o_control_panel .o_breadcrumb")
    browser.wait_for(
        f"!document.querySelector('.o-dropdown--menu') && {_visible('.o_pivot')}"
    )


def _open_common_replies(browser):
    """Reply, then Common reply..., with the second reply selected."""
    browser.click(".o_review_actions .o_review_reply_button")
    browser.click(".o_review_reply_composer .o_review_common_reply_button")
    browser.wait_for_selector(".o_review_common_reply_list .o_review_common_reply")
    browser.click(".o_review_common_reply:nth-child(2) .o_review_common_reply_body")
    browser.wait_for_selector(".o_review_common_reply.active")


def _pay_at_the_till(browser):
    """A walk-in customer's sale: open the register, one product, paid in
    cash; the receipt with its rating QR code in view."""
    deadline = time.monotonic() + 120
    while not browser.count(".product-screen article.product"):
        if time.monotonic() > deadline:
            raise TimeoutError("the point of sale did not open")
        for opener in (
            ".screen-login .btn.open-register-btn",
            ".modal .modal-footer .btn-primary",
        ):
            if browser.count(opener):
                browser.click(opener)
                settle(browser)
        time.sleep(0.3)
    # a product without variants to choose: no dialog
    browser.eval(
        """[...document.querySelectorAll(".product-screen article.product")]
            .find((el) => el.querySelector(".product-name")
                .textContent.trim() === "Letter Tray")
            .setAttribute("data-shot", "product")"""
    )
    browser.click('.product-screen article.product[data-shot="product"]')
    browser.wait_for_selector(".product-screen .orderline")
    browser.click(".product-screen .pay-order-button")
    browser.click(".payment-screen .paymentmethods .button.paymentmethod")
    browser.click(".payment-screen .button.next.highlight")
    browser.wait_for_selector(
        ".pos-receipt .o_review_receipt_link img.o_review_receipt_qr"
    )
    browser.eval(
        "document.querySelector('.pos-receipt .o_review_receipt_link')"
        ".scrollIntoView({block: 'center'})"
    )


def _type_answer(browser, answer):
    """The customer has started to answer."""
    browser.fill("textarea[name=answer]", answer)
    browser.eval("document.activeElement.blur()")
    browser.eval("window.scrollTo(0, 0)")


def _show_conversation(browser):
    """The whole conversation in view, as much of the review above it as fits."""
    browser.eval(
        """(() => {
            const section = document.querySelector(".o_review_conversation");
            const scroller = section.closest(".o_content") || document.scrollingElement;
            const overflow = section.getBoundingClientRect().bottom
                - (scroller.getBoundingClientRect().bottom - 24);
            if (overflow > 0) {
                scroller.scrollTop += overflow;
            }
        })()"""
    )


# The web client is idle: no pending request, no spinner, fonts loaded.
SETTLED = (
    "document.readyState === 'complete'"
    " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
)
# How long SETTLED must hold in a row: Odoo shows "Loading" only 250 ms into a
# request, so one check may fall between a request's start and its "Loading".
QUIET_SECONDS = 1.5
ERROR_DIALOG = ".o_error_dialog, .o_dialog .modal-title.text-danger"
# No pop-up notification (e.g. of the customer's answer) over a picture.
HIDE_NOTIFICATIONS = """(() => {
    const style = document.createElement("style");
    style.textContent = ".o_notification_manager { display: none !important; }";
    document.head.appendChild(style);
})()"""


def settle(browser, timeout=60):
    """Wait until the page has been idle for QUIET_SECONDS in a row."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while True:
        now = time.monotonic()
        if browser.eval(f"!!({SETTLED})"):
            quiet_since = quiet_since or now
            if now - quiet_since >= QUIET_SECONDS:
                return
        else:
            quiet_since = None
        if now > deadline:
            raise TimeoutError(f"the page is still loading after {timeout}s")
        time.sleep(0.1)


def use_language(rpc, lang):
    """Make ``lang`` the language of the pictures: active with the terms of
    every installed module (as Settings > Languages > Add does), and the
    language of the users and of the customers of the reviews (whose emails
    and reply pages speak it), and of the companies (which the customer's
    pages fall back to)."""
    found = rpc.execute(
        "res.lang", "search", [("code", "=", lang)], context={"active_test": False}
    )
    if not found:
        raise RuntimeError(f"unknown language {lang!r} (a code such as fr_FR)")
    if lang != DEFAULT_LANG:
        print(f"  loading {lang} and its translations...", flush=True)
        wizard = rpc.execute(
            "base.language.install", "create", {"lang_ids": [[6, 0, found]]}
        )
        # Loading the terms of every module takes long on a slow machine.
        rpc.post(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    rpc.db,
                    rpc.uid,
                    rpc.password,
                    "base.language.install",
                    "lang_install",
                    [[wizard]],
                    {},
                ],
            },
            timeout=900,
        )
    users = rpc.execute("res.users", "search", [("share", "=", False)])
    rpc.execute("res.users", "write", users, {"lang": lang})
    reviews = rpc.execute(
        "review.message",
        "search_read",
        [("partner_id", "!=", False)],
        fields=["partner_id"],
        context={"active_test": False},
    )
    # the customers asked for a rating see the rating page in their language
    asked = rpc.execute(
        "review.request",
        "search_read",
        [("partner_id", "!=", False)],  # a receipt's request may be anonymous
        fields=["partner_id"],
    )
    companies = rpc.execute("res.company", "search_read", [], fields=["partner_id"])
    partners = {rec["partner_id"][0] for rec in reviews + asked + companies}
    rpc.execute("res.partner", "write", sorted(partners), {"lang": lang})


def take(browser, ctx, shot, out_dir):
    path = shot.path(ctx) if callable(shot.path) else shot.path
    if shot.login:
        # Straight from the login form to the page: one load of the web client
        # (a second load in the same browser may show Odoo's "The page is out
        # of date" notification).
        odoo_login(browser, ctx.url, *shot.login, redirect=path)
    else:
        browser.goto(f"{ctx.url}{path}", timeout=60)
    browser.wait_for(
        f"({shot.ready}) || document.querySelector({json.dumps(ERROR_DIALOG)})", 60
    )
    if browser.count(ERROR_DIALOG):
        raise RuntimeError(
            f"{shot.name}: Odoo shows an error: {browser.text(ERROR_DIALOG)}"
        )
    browser.eval(HIDE_NOTIFICATIONS)
    if shot.steps:
        shot.steps(browser, ctx)
    settle(browser)
    browser.eval("document.fonts.ready.then(() => true)")
    time.sleep(0.5)  # let transitions end
    tmp = out_dir / f".{shot.name}.tmp"
    browser.screenshot(tmp)
    tmp.replace(out_dir / shot.name)
    print(f"  {out_dir / shot.name}", flush=True)


def take_all(url, db, shots, out_dir, artifacts, lang, sink=None):
    rpc = harness.JsonRpcClient(url, db, *Shot.login)
    use_language(rpc, lang)
    ctx = Context(url=url, rpc=rpc, lang=lang, sink=sink)
    out_dir.mkdir(parents=True, exist_ok=True)
    for shot in shots:  # a fresh browser, so a fresh session, per shot
        width, height = (PHONE[0], PHONE[1]) if shot.phone else (WIDTH, shot.height)
        with Browser(width, height, artifacts_dir=artifacts, timeout=60) as browser:
            if shot.phone:
                _emulate_phone(browser)
            take(browser, ctx, shot, out_dir)


def _emulate_phone(browser):
    """A phone's screen: its width, pixel ratio, and the page's own viewport
    meta tag applied as a mobile browser does."""
    width, height, ratio = PHONE
    browser._send(  # pylint: disable=protected-access
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height,
            "deviceScaleFactor": ratio,
            "mobile": True,
        },
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="existing database to use (not dropped)")
    parser.add_argument("--url", help="running server to use (requires --db)")
    parser.add_argument("--only", action="append", help="shot name (repeatable)")
    parser.add_argument("--lang", default=DEFAULT_LANG, help="e.g. fr_FR")
    parser.add_argument("--out", help="output directory")
    args = parser.parse_args(argv)
    if args.url and not args.db:
        parser.error("--url needs --db")

    shots = SHOTS
    if args.only:
        wanted = {name.removesuffix(".png") for name in args.only}
        shots = [s for s in SHOTS if s.name.removesuffix(".png") in wanted]
        unknown = wanted - {s.name.removesuffix(".png") for s in shots}
        if unknown:
            parser.error(f"unknown shot(s): {', '.join(sorted(unknown))}")
    lang = args.lang or DEFAULT_LANG
    out_dir = ROOT / "docs" / "screenshots"
    if lang != DEFAULT_LANG:
        out_dir /= lang.split("_")[0]
    out_dir = Path(args.out) if args.out else out_dir
    build = ROOT / ".build"
    build.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="screenshots-", dir=build))
    artifacts = work / "failures"

    print(f"Screenshots into {out_dir}:", flush=True)
    try:
        if args.url:
            take_all(args.url.rstrip("/"), args.db, shots, out_dir, artifacts, lang)
            return 0
        db = args.db or f"review_inbox_shots_{secrets.token_hex(4)}"
        fresh = not args.db
        conf = work / "odoo.conf"
        # An existing database keeps its filestore in the shared data_dir.
        data_dir = work / "data" if fresh else build / "data"
        port = harness.free_port()
        # The server's mail goes to a local SMTP sink: nothing leaves the
        # machine, and a reply shows as sent.
        sink = harness.SmtpSink(harness.free_port()).start()
        harness.write_config(
            conf,
            db=db,
            port=port,
            data_dir=data_dir,
            smtp_port=sink.port,
            log_level="warn",
        )
        server = harness.OdooServer(conf, db, port, work / "server.log")
        try:
            if fresh:
                print(f"  creating {db} with the demo data...", flush=True)
                harness.install(conf, db, work / "install.log")
            elif harness.addon_state(db) != ("installed", True):
                raise harness.HarnessError(
                    f"{db} has no {harness.ADDON} with demo data"
                )
            server.start()
            if fresh:
                server.set_base_url()
            take_all(server.url, db, shots, out_dir, artifacts, lang, sink=sink)
        finally:
            server.stop()
            sink.stop()
            if fresh:
                harness.drop_database(db, conf)
    except Exception as exc:
        print(f"screenshots failed: {exc}", file=sys.stderr)
        if artifacts.exists():
            kept = build / "screenshots-failures"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(artifacts, kept)
            print(f"  pictures of the failure: {kept}", file=sys.stderr)
        server_log = work / "server.log"
        if server_log.exists():
            print(harness.tail(server_log, 40), file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
