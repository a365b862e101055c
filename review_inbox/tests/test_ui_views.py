import base64
from pathlib import Path
from unittest.mock import patch

from lxml import etree

from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from ..tools import intake
from .common import ReviewInboxCase
from .test_reply_controller import LINK_RE

VIEW_CLASSES = {"kanban": "review_inbox_kanban", "list": "review_inbox_list"}
ADDON = Path(__file__).resolve().parent.parent
# Run on the customer's reply page: its styles come from the SCSS.
REPLY_PAGE_STYLE_CHECK = """
const style = (selector) => getComputedStyle(document.querySelector(selector));
const expected = [
    [".o_review_reply", "maxWidth", "720px"],
    [".o_review_reply_logo", "maxHeight", "80px"],
    [".o_review_reply_original .o_review_reply_text", "whiteSpace", "pre-wrap"],
    [".o_review_reply_entry .o_review_reply_text", "whiteSpace", "pre-wrap"],
    [".o_review_reply_entry > .card", "maxWidth", "85%"],
];
const wrong = expected
    .map(([selector, property, value]) => [selector, value, style(selector)[property]])
    .filter(([, value, actual]) => actual !== value);
if (wrong.length) {
    console.error("unexpected styles: " + JSON.stringify(wrong));
} else {
    console.log("test successful");
}
"""


@tagged("post_install", "-at_install")
class TestUiViews(ReviewInboxCase, HttpCase):
    def test_views_carry_the_inbox_search_model(self):
        """Every kanban and list of reviews shows the search panel and its
        counters: each must use the addon's view, whose search model
        refreshes them, not Odoo's plain one."""
        views = self.env["ir.ui.view"].search(
            [
                ("model", "=", "review.message"),
                ("type", "in", list(VIEW_CLASSES)),
                ("mode", "=", "primary"),
            ]
        )
        self.assertEqual(sorted(set(views.mapped("type"))), ["kanban", "list"])
        for view in views:
            arch = etree.fromstring(view.get_combined_arch())
            self.assertEqual(arch.get("js_class"), VIEW_CLASSES[view.type], view.name)

    def test_templates_have_no_inline_style(self):
        """Styles live in the SCSS, with Bootstrap's variables; templates
        print with t-out. (Emails keep inline styles: mail clients drop
        style sheets.)"""
        templates = sorted(ADDON.glob("static/src/**/*.xml")) + sorted(
            ADDON.glob("views/*.xml")
        )
        self.assertTrue(templates)
        for path in templates:
            source = path.read_text()
            self.assertNotIn("style=", source, path.name)
            self.assertNotIn("t-esc=", source, path.name)
        for path in ADDON.glob("static/src/**/*.scss"):
            self.assertNotRegex(path.read_text(), r"#[0-9a-fA-F]{3,8}\b", path.name)

    def test_reply_page_styles(self):
        with file_open("review_inbox/static/description/icon.png", "rb") as icon:
            self.company.logo = base64.b64encode(icon.read())
        self.review_a.with_user(self.user_a).send_reply("Thank you,\nsee you soon!")
        entry = self.review_a.sudo().conversation_entry_ids
        token = LINK_RE.search(entry.notification_id.mail_mail_id.body_html).group(1)
        self.browser_js(
            f"/review/reply/{token}",
            REPLY_PAGE_STYLE_CHECK,
            ready="document.readyState === 'complete'",
        )

    def test_list_counter_tour(self):
        # the tour reads the status on the review it marks as done
        self.user_a.review_stay_after_action = True
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_list_counter_tour",
            login="place_a_user",
        )
        self.assertEqual(self.review_a.state, "done")
        self.assertEqual(self.alert_a.state, "inbox")

    def test_session_info_serves_the_text_max_length(self):
        self.authenticate("place_a_user", "place_a_user")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["review_inbox_text_max_length"], intake.TEXT_MAX_LENGTH)

    def test_text_max_length_tour(self):
        """The common replies' text areas follow the server's limit: served
        another one, they take it (the tour expects 1234)."""
        self.env["review.common.reply"].with_user(self.user_a).create(
            {"body": "Thank you {customer_name}!"}
        )
        with patch.object(intake, "TEXT_MAX_LENGTH", 1234):
            self.start_tour(
                f"/odoo/action-review_inbox.review_message_action_inbox/{self.review_a.id}",
                "review_inbox_text_max_length_tour",
                login="place_a_user",
            )
