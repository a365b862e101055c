import base64
import re
import secrets
from datetime import datetime, timedelta
from unittest.mock import patch
from urllib.parse import urlsplit

from lxml import html as lxml_html

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from .common import PublicPagesMixin, ReviewInboxCase

TOKEN_PATTERN = "[A-Za-z0-9_-]{43}"  # secrets.token_urlsafe(32)
LINK_RE = re.compile(rf"/review/reply/({TOKEN_PATTERN})")
# element -> attribute that makes the browser load (or post to) a URL
LOADING_ATTRIBUTES = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "form": "action",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
ABSOLUTE_URL_RE = re.compile(r"(?i)(?:https?:)?//")
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s*['"]([^'"]*)""")
# Run in the browser: once the page (images, styles), its lazy scripts and
# fonts are loaded, and what those scripts start has had a moment to settle.
BROWSER_ORIGIN_CHECK = """
const resources = () => performance.getEntriesByType("resource").map((e) => e.name);
const lazy = [...document.querySelectorAll("script[data-src]")].map(
    (script) => new URL(script.dataset.src, location.href).href
);
const loaded = new Promise((resolve) => {
    if (document.readyState === "complete") {
        resolve();
    } else {
        window.addEventListener("load", resolve);
    }
});
const lazyLoaded = new Promise((resolve) => {
    const poll = () =>
        lazy.every((url) => resources().includes(url))
            ? resolve()
            : setTimeout(poll, 100);
    poll();
});
Promise.all([loaded, lazyLoaded])
    .then(() => document.fonts.ready)
    .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
    .then(() => {
        const foreign = resources().filter(
            (url) => new URL(url).origin !== location.origin
        );
        if (!resources().some((url) => url.includes("fontawesome-webfont"))) {
            console.error("the icon font of the page was not loaded");
        } else if (foreign.length) {
            console.error("loaded from another origin: " + foreign.join(", "));
        } else {
            console.log("test successful");
        }
    });
"""


class ReplyPageMixin(PublicPagesMixin):
    """Requests to a reply page, for HttpCase classes."""

    def _get(self, token, **kwargs):
        return self.public_get(f"/review/reply/{token}", **kwargs)

    def _csrf(self, token):
        return self.csrf_token(f"/review/reply/{token}")


@tagged("post_install", "-at_install")
class TestReplyController(ReplyPageMixin, ReviewInboxCase, HttpCase):
    """The customer's reply page, reached through the one-time link of a reply."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_a.review_date = datetime(2025, 3, 14, 12, 0)
        cls.Entry = cls.env["review.conversation.entry"].sudo()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _send(self, body="Thank you for your visit!", review=None, user=None):
        """A staff reply; return (entry, raw token from the email)."""
        review = review or self.review_a
        entry = review.with_user(user or self.user_a).send_reply(body)
        return entry.sudo(), self._token_of(entry)

    def _token_of(self, entry):
        mail = entry.sudo().notification_id.mail_mail_id
        match = LINK_RE.search(mail.body_html)
        self.assertTrue(match, "the reply email carries the one-time link")
        return match.group(1)

    def _post(self, token, data, csrf_token=None, **kwargs):
        """POST the form as a browser would; the 303 is not followed."""
        return self.public_post(f"/review/reply/{token}", data, csrf_token, **kwargs)

    def _cookie_header(self):
        """Cookies sent by hand: requests keys its jar on a forged Host."""
        return "; ".join(f"{c.name}={c.value}" for c in self.opener.cookies)

    def _customer_entries(self, review=None):
        review = review or self.review_a
        return self.Entry.search(
            [("review_id", "=", review.id), ("author_type", "=", "customer")]
        )

    def assertNoReviewShown(self, response):
        for secret in (
            "Lovely staff at A",
            "Cold food at A",
            "Great B",
            "Place A",
            "Place B",
            "Carla",
            "carla@customer.test",
            "Thank you for your visit!",
        ):
            self.assertNotIn(secret, response.text)

    def assertSameOrigin(self, page):
        """Everything the page loads or posts to is relative or same origin."""
        base = urlsplit(self.base_url())
        tree = lxml_html.fromstring(page)
        urls = []
        for tag, attribute in LOADING_ATTRIBUTES.items():
            for element in tree.iter(tag):
                if element.get(attribute) is not None:
                    urls.append(element.get(attribute).strip())
        for element in tree.xpath("//*[@srcset]"):
            urls += [part.split()[0] for part in element.get("srcset").split(",")]
        self.assertTrue(urls, "the parser found what the page loads")
        rest = page
        for url in urls:
            parts = urlsplit(url)
            self.assertIn(parts.scheme, ("", base.scheme), url)
            if parts.scheme or parts.netloc:
                self.assertEqual(parts.netloc, base.netloc, url)
                rest = rest.replace(url, "")
        # inline styles, scripts, data: nothing else may name another origin
        self.assertNotRegex(rest, ABSOLUTE_URL_RE)
        for element in tree.xpath("//link[@rel='stylesheet']"):
            response = self.url_open(element.get("href"), timeout=120)
            self.assertEqual(response.status_code, 200)
            for match in CSS_URL_RE.finditer(response.text):
                url = (match.group(1) or match.group(2)).strip()
                if not url.startswith("data:"):
                    self.assertFalse(urlsplit(url).netloc, url)
                    self.assertFalse(url.startswith("//"), url)

    # ------------------------------------------------------------------
    # The page
    # ------------------------------------------------------------------

    def test_get_shows_review_and_conversation(self):
        entry, token = self._send("First reply from A")
        response = self._get(token)
        self.assertEqual(response.status_code, 200)
        self.assertPrivateHeaders(response)
        page = response.text
        tree = lxml_html.fromstring(page)
        self.assertIn('name="viewport"', page, "mobile-friendly")
        self.assertIn("Place A", page)
        self.assertIn("Lovely staff at A", page)
        self.assertIn("03/14/2025", page)
        stars = tree.xpath("//*[hasclass('o_review_reply_stars')]/i")
        self.assertEqual(len(stars), 5)
        self.assertEqual(
            [star.get("class").split()[-1] for star in stars],
            ["fa-star"] * 4 + ["fa-star-o"],
        )
        self.assertIn("First reply from A", page)
        form = tree.xpath("//form[hasclass('o_review_reply_form')]")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("action"), f"/review/reply/{token}")
        self.assertTrue(form.xpath(".//textarea[@name='answer']"))
        self.assertTrue(form.xpath(".//button[@type='submit']"))
        self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value"))

    def test_page_shows_logo_of_review_company(self):
        self.review_y.partner_id = self.customer
        entry, token = self._send(review=self.review_y, user=self.manager_y)
        tree = lxml_html.fromstring(self._get(token).text)
        self.assertFalse(tree.xpath("//img/@src"), "no logo: the company's name")
        self.assertIn("Other Corp", tree.xpath("string(//header)"))
        # a real logo, not Odoo's "Your logo" placeholder
        self.company_y.logo = base64.b64encode(
            file_open("review_inbox/static/description/icon.png", "rb").read()
        )
        tree = lxml_html.fromstring(self._get(token).text)
        self.assertEqual(
            tree.xpath("//img/@src"),
            [f"/web/binary/company_logo?company={self.company_y.id}"],
        )
        error = lxml_html.fromstring(self._get(secrets.token_urlsafe(32)).text)
        self.assertFalse(error.xpath("//img"), "an error page shows no company")

    def test_get_and_head_consume_nothing(self):
        """Mail scanners open links before customers do."""
        entry, token = self._send()
        entries = self.Entry.search([("review_id", "=", self.review_a.id)])
        for _i in range(3):
            self.assertEqual(self._get(token).status_code, 200)
        response = self._get(token, head=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"")
        self.assertPrivateHeaders(response)
        self.assertFalse(entry.token_used_date)
        self.assertEqual(entry._link_status(), "valid")
        self.assertEqual(
            self.Entry.search([("review_id", "=", self.review_a.id)]), entries
        )
        self.assertEqual(self.review_a.conversation_state, "awaiting")

    def test_conversation_in_order(self):
        first, token = self._send("Staff speaks first")
        self.assertEqual(
            self._post(token, {"answer": "Customer answers"}).status_code, 303
        )
        second, token = self._send("Staff speaks again")
        now = fields.Datetime.now()
        first.date = now - timedelta(hours=2)
        self._customer_entries().date = now - timedelta(hours=1)
        second.date = now
        page = self._get(token).text
        tree = lxml_html.fromstring(page)
        entries = tree.xpath("//*[hasclass('o_review_reply_entry')]")
        texts = [
            e.xpath(".//*[hasclass('o_review_reply_text')]")[0].text_content()
            for e in entries
        ]
        self.assertEqual(
            texts, ["Staff speaks first", "Customer answers", "Staff speaks again"]
        )
        kinds = [
            "staff" if "o_review_reply_entry_staff" in e.get("class") else "customer"
            for e in entries
        ]
        self.assertEqual(kinds, ["staff", "customer", "staff"])

    def test_internal_note_never_shown(self):
        entry, token = self._send()
        self.review_a.with_user(self.user_a).message_post(
            body="Internal: customer is a known complainer",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        page = self._get(token).text
        self.assertNotIn("known complainer", page)
        self.assertIn("Thank you for your visit!", page)

    def test_token_of_a_never_shows_b(self):
        self.review_b.partner_id = self.env["res.partner"].create(
            {"name": "Bruno Other", "email": "bruno@customer.test"}
        )
        self._send("Reply about B", review=self.review_b, user=self.user_b)
        entry, token = self._send()
        page = self._get(token).text
        self.assertIn("Lovely staff at A", page)
        for other in (
            "Great B",
            "Place B",
            "Reply about B",
            "Bruno",
            "Cold food at A",
        ):
            self.assertNotIn(other, page)

    # ------------------------------------------------------------------
    # Submitting
    # ------------------------------------------------------------------

    def test_post_stores_answer_and_redirects(self):
        entry, token = self._send()
        response = self._post(token, {"answer": "  It was lovely, thanks!  "})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            urlsplit(response.headers["Location"]).path, "/review/reply/thanks"
        )
        self.assertPrivateHeaders(response)
        answer = self._customer_entries()
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.body, "It was lovely, thanks!")
        self.assertEqual(answer.source, "web")
        self.assertEqual(answer.author_id, self.customer)
        self.assertTrue(entry.token_used_date)
        self.assertEqual(self.review_a.conversation_state, "unread")

        thanks = self.url_open(response.headers["Location"])
        self.assertEqual(thanks.status_code, 200)
        self.assertPrivateHeaders(thanks)
        self.assertIn("Thank you", thanks.text)
        self.assertNoReviewShown(thanks)

    def test_post_normalizes_line_breaks(self):
        """Browsers send CRLF; the limit counts what the customer typed."""
        entry, token = self._send()
        typed = "line\n" * 999 + "x" * 5  # 5,000 characters as typed
        response = self._post(token, {"answer": typed.replace("\n", "\r\n")})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._customer_entries().body, typed)

    def test_post_exactly_max_length(self):
        entry, token = self._send()
        response = self._post(token, {"answer": "a" * 5000})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._customer_entries().body), 5000)

    def test_post_without_csrf_token(self):
        entry, token = self._send()
        self._csrf(token)  # the session exists, as in a browser
        response = self._post(token, {"answer": "Forged"}, csrf_token=False)
        self.assertEqual(response.status_code, 400)
        response = self._post(token, {"answer": "Forged"}, csrf_token="0" * 40)
        self.assertEqual(response.status_code, 400)
        self.assertNotRegex(response.text, ABSOLUTE_URL_RE)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)

    def test_post_empty_answer(self):
        """Outlook Safe Links submits the forms it finds, as they are."""
        entry, token = self._send()
        for data in ({"answer": ""}, {"answer": " \r\n\t "}, {}):
            response = self._post(token, data)
            self.assertEqual(response.status_code, 400)
            self.assertPrivateHeaders(response)
            self.assertIn("Write your message before sending it.", response.text)
            self.assertIn('name="answer"', response.text)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)
        # the link still works
        self.assertEqual(self._post(token, {"answer": "Now"}).status_code, 303)

    def test_post_oversized_answer(self):
        entry, token = self._send()
        response = self._post(token, {"answer": "<b>" + "a" * 5000})
        self.assertEqual(response.status_code, 400)
        self.assertPrivateHeaders(response)
        self.assertIn("too long", response.text)
        self.assertIn("5000", response.text)
        # the text is given back, cut, and escaped
        self.assertIn("&lt;b&gt;aaa", response.text)
        self.assertNotIn("<b>aaa", response.text)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)

    def test_post_control_characters(self):
        """A NUL (or another control character) gets a 400 page that says
        why, never a server error; nothing is stored, the link still works."""
        entry, token = self._send()
        for answer in ("Hello\x00world", "\x00", "Bell\x07", "Esc\x1b[31m"):
            with self.subTest(answer=answer):
                response = self._post(token, {"answer": answer})
                self.assertEqual(response.status_code, 400)
                self.assertPrivateHeaders(response)
                self.assertIn("control characters", response.text)
                self.assertNotIn("\x00", response.text)
                self.assertNotIn("Traceback", response.text)
                self.assertIn('name="answer"', response.text)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)
        self.assertEqual(self._get(token).status_code, 200)
        self.assertEqual(self._post(token, {"answer": "Now"}).status_code, 303)
        self.assertEqual(self._customer_entries().body, "Now")

    def test_answer_does_not_subscribe_customer(self):
        """A follower gets every later chatter message, staff talk included."""
        entry, token = self._send()
        self.assertEqual(self._post(token, {"answer": "Thanks"}).status_code, 303)
        self.env["review.conversation.entry"]._cron_notify_customer_answers()
        self.assertNotIn(self.customer, self.review_a.message_partner_ids)
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([("recipient_ids", "in", self.customer.ids)])
        self.review_a.with_user(self.user_a).message_post(
            body="Between us: offer a dessert?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mails = Mail.search([("recipient_ids", "in", self.customer.ids)]) - before
        self.assertFalse(mails)

    def test_answer_notifies_place_staff_only(self):
        entry, token = self._send()
        Notification = self.env["mail.notification"].sudo()
        before = Notification.search([])
        self.assertEqual(self._post(token, {"answer": "Thanks"}).status_code, 303)
        # the job triggered by the answer tells them
        self.env["review.conversation.entry"]._cron_notify_customer_answers()
        notified = (Notification.search([]) - before).res_partner_id
        self.assertIn(self.user_a.partner_id, notified)
        for other in (self.user_b, self.viewer, self.manager_y):
            self.assertNotIn(other.partner_id, notified, other.name)

    def test_new_reply_after_web_answer(self):
        """The next reply is one email, with a new link; the old one is spent."""
        first, first_token = self._send()
        self.assertEqual(self._post(first_token, {"answer": "Thanks"}).status_code, 303)
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([("recipient_ids", "in", self.customer.ids)])
        second, token = self._send("Glad you liked it")
        mails = Mail.search([("recipient_ids", "in", self.customer.ids)]) - before
        self.assertEqual(mails, second.notification_id.mail_mail_id)
        self.assertNotEqual(token, first_token)
        self.assertEqual(self._get(token).status_code, 200)
        self.assertEqual(self._get(first_token).status_code, 410)

    def test_script_answer_shown_escaped(self):
        entry, token = self._send()
        markup = "<script>alert('xss')</script><img src=x onerror=alert(1)>"
        self.assertEqual(self._post(token, {"answer": markup}).status_code, 303)
        self.assertEqual(self._customer_entries().body, markup)
        entry, token = self._send("We read your answer")
        page = self._get(token).text
        self.assertIn("&lt;script&gt;alert(", page)
        self.assertNotIn("<script>alert(", page)
        self.assertNotIn("<img src=x", page)

    def test_resubmitting_stores_one_answer(self):
        """Refresh, back button, double click, two tabs: one answer."""
        entry, token = self._send()
        csrf_token = self._csrf(token)
        tab = self.opener.cookies.copy()
        self.assertEqual(
            self._post(token, {"answer": "Once"}, csrf_token).status_code, 303
        )
        used_date = entry.token_used_date
        # double click / refresh: the same form again
        response = self._post(token, {"answer": "Once"}, csrf_token)
        self.assertEqual(response.status_code, 410)
        self.assertPrivateHeaders(response)
        # second tab, opened before the first submission
        self.opener.cookies = tab
        response = self._post(token, {"answer": "Twice"}, csrf_token)
        self.assertEqual(response.status_code, 410)
        # back button
        self.assertEqual(self._get(token).status_code, 410)
        self.assertEqual(self._customer_entries().mapped("body"), ["Once"])
        self.assertEqual(entry.token_used_date, used_date)

    def test_racing_posts_store_one_answer(self):
        """Two posts that both found the link valid: the claim lets one win."""
        entry, token = self._send()
        csrf_token = self._csrf(token)
        Entry = type(self.Entry)
        with patch.object(Entry, "_link_status", lambda self: "valid"):
            first = self._post(token, {"answer": "Tab one"}, csrf_token)
            second = self._post(token, {"answer": "Tab two"}, csrf_token)
        self.assertEqual([first.status_code, second.status_code], [303, 410])
        self.assertEqual(self._customer_entries().mapped("body"), ["Tab one"])

    def test_spent_token_post_changes_nothing(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        self._post(token, {"answer": "First"}, csrf_token)
        self.review_a.with_user(self.user_a).action_mark_read()
        state = self.review_a.conversation_state
        response = self._post(token, {"answer": ""}, csrf_token)
        self.assertEqual(response.status_code, 410)
        self.assertEqual(len(self._customer_entries()), 1)
        self.assertEqual(self.review_a.conversation_state, state)

    # ------------------------------------------------------------------
    # Bad links
    # ------------------------------------------------------------------

    def test_used_link(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        self._post(token, {"answer": "Done"}, csrf_token)
        for response in (
            self._get(token),
            self._post(token, {"answer": "Again"}, csrf_token),
        ):
            self.assertEqual(response.status_code, 410)
            self.assertPrivateHeaders(response)
            self.assertIn("can no longer be used", response.text)
            self.assertNoReviewShown(response)
            self.assertNotIn("Done", response.text)
            self.assertNotIn("<form", response.text)
        self.assertEqual(len(self._customer_entries()), 1)

    def test_expired_link(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        entry.token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        for response in (
            self._get(token),
            self._get(token, head=True),
            self._post(token, {"answer": "Too late"}, csrf_token),
        ):
            self.assertEqual(response.status_code, 410)
            self.assertPrivateHeaders(response)
            if response.request.method != "HEAD":
                self.assertIn("can no longer be used", response.text)
                self.assertNoReviewShown(response)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)
        self.assertEqual(self.review_a.conversation_state, "awaiting")

    def test_unknown_link(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        unknown = secrets.token_urlsafe(32)
        self.assertRegex(unknown, rf"^{TOKEN_PATTERN}$")
        for response in (
            self._get(unknown),
            self._post(unknown, {"answer": "Hello"}, csrf_token),
        ):
            self.assertEqual(response.status_code, 404)
            self.assertPrivateHeaders(response)
            self.assertIn("This link is not valid", response.text)
            self.assertNoReviewShown(response)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)

    def test_malformed_link(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        for bad in (
            token[:-1],
            token + "A",
            token[:-1] + "!",
            token[:-1] + "%00",
            token + "%0A",
            token[:-1] + "%C3%A9",
            "'%20OR%201=1--" + token[:30],
            "a" * 10000,
        ):
            for response in (
                self._get(bad),
                self._post(bad, {"answer": "Hello"}, csrf_token),
            ):
                self.assertEqual(response.status_code, 404, bad[:60])
                self.assertPrivateHeaders(response)
                self.assertNotIn("Traceback", response.text)
                self.assertNoReviewShown(response)
        self.assertFalse(self._customer_entries())
        self.assertFalse(entry.token_used_date)

    # ------------------------------------------------------------------
    # Leaks
    # ------------------------------------------------------------------

    def test_loads_nothing_from_another_origin(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        responses = [
            self._get(token),
            self._post(token, {"answer": ""}, csrf_token),
            self._get(secrets.token_urlsafe(32)),
            self.url_open("/review/reply/thanks"),
        ]
        self._post(token, {"answer": "Done"}, csrf_token)
        responses.append(self._get(token))
        self.assertEqual([r.status_code for r in responses], [200, 400, 404, 200, 410])
        for response in responses:
            self.assertSameOrigin(response.text)

    def test_browser_loads_nothing_from_another_origin(self):
        """What the frontend's scripts load too, as a browser runs them."""
        entry, token = self._send()
        self.browser_js(f"/review/reply/{token}", BROWSER_ORIGIN_CHECK)
        self.env.invalidate_all()
        self.assertFalse(entry.token_used_date)

    def test_reply_link_uses_base_url_not_host(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", "https://reviews.example.com"
        )
        self.authenticate("place_a_user", "place_a_user")
        self.make_jsonrpc_request(
            "/web/dataset/call_kw/review.message/send_reply",
            {
                "model": "review.message",
                "method": "send_reply",
                "args": [self.review_a.ids, "Sent with a forged Host"],
                "kwargs": {},
            },
            headers={"Host": "evil.example", "Cookie": self._cookie_header()},
        )
        self.env.invalidate_all()
        entry = self.Entry.search(
            [("review_id", "=", self.review_a.id), ("author_type", "=", "staff")]
        )
        self.assertEqual(entry.author_id, self.user_a.partner_id)
        body = entry.notification_id.mail_mail_id.body_html
        self.assertNotIn("evil.example", body)
        link = re.search(r'href="([^"]*/review/reply/[^"]+)"', body).group(1)
        self.assertTrue(link.startswith("https://reviews.example.com/review/reply/"))
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("web.base.url"),
            "https://reviews.example.com",
        )

    def test_forged_host_changes_no_link_in_page(self):
        entry, token = self._send()
        csrf_token = self._csrf(token)
        forged = {"Host": "evil.example", "Cookie": self._cookie_header()}
        response = self._get(token, headers=forged)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lovely staff at A", response.text)
        self.assertNotIn("evil.example", response.text)
        self.assertSameOrigin(response.text)
        response = self._post(token, {"answer": "Hi"}, csrf_token, headers=forged)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            response.headers["Location"], "/review/reply/thanks?lang=en_US"
        )
        self.assertEqual(self._customer_entries().body, "Hi")


@tagged("post_install", "-at_install")
class TestReplyPageLanguage(ReplyPageMixin, ReviewInboxCase, HttpCase):
    """The customer's pages speak the customer's language, not the browser's."""

    ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.customer.lang = "fr_FR"

    def _send(self):
        entry = self.review_a.with_user(self.user_a).send_reply("Merci !")
        mail = entry.sudo().notification_id.mail_mail_id
        return entry.sudo(), LINK_RE.search(mail.body_html).group(1)

    def _html_lang(self, response):
        return lxml_html.fromstring(response.text).get("lang")

    def _post(self, token, answer):
        return self.public_post(
            f"/review/reply/{token}", {"answer": answer}, headers=self.ENGLISH_BROWSER
        )

    def test_pages_in_customer_language(self):
        entry, token = self._send()
        page = self._get(token, headers=self.ENGLISH_BROWSER)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self._html_lang(page), "fr-FR")
        refused = self._post(token, "")
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(self._html_lang(refused), "fr-FR")
        response = self._post(token, "Merci à vous")
        self.assertEqual(response.status_code, 303)
        location = response.headers["Location"]
        self.assertEqual(location, "/review/reply/thanks?lang=fr_FR")
        thanks = self.url_open(location, headers=self.ENGLISH_BROWSER)
        self.assertEqual(thanks.status_code, 200)
        self.assertEqual(self._html_lang(thanks), "fr-FR")
        used = self._get(token, headers=self.ENGLISH_BROWSER)
        self.assertEqual(used.status_code, 410)
        self.assertEqual(self._html_lang(used), "fr-FR")
        entry, token = self._send()
        entry.token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        expired = self._get(token, headers=self.ENGLISH_BROWSER)
        self.assertEqual(expired.status_code, 410)
        self.assertEqual(self._html_lang(expired), "fr-FR")

    def test_company_language_when_customer_has_none(self):
        self.customer.lang = False
        self.company.partner_id.lang = "fr_FR"
        entry, token = self._send()
        page = self._get(token, headers=self.ENGLISH_BROWSER)
        self.assertEqual(self._html_lang(page), "fr-FR")

    def test_thanks_page_language_validated(self):
        for lang, expected in (
            ("fr_FR", "fr-FR"),
            ("de_DE", "en-US"),  # not installed
            ("../../etc", "en-US"),
            ("", "en-US"),
        ):
            with self.subTest(lang=lang):
                response = self.url_open(
                    f"/review/reply/thanks?lang={lang}", headers=self.ENGLISH_BROWSER
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._html_lang(response), expected)
