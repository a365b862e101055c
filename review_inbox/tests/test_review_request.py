import ast
import re
import secrets
import threading
from datetime import datetime, timedelta
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.review_inbox.models.review_request import RatingLinkGone
from odoo.addons.review_inbox.models.review_token_mixin import hash_token
from odoo.addons.review_inbox.tools.intake import IntakeError

from .common import CommittedRaceCase, ReviewInboxCase, run_concurrently

TOKEN_PATTERN = "[A-Za-z0-9_-]{43}"  # secrets.token_urlsafe(32)
RATE_LINK_RE = re.compile(rf"/review/rate/({TOKEN_PATTERN})")
NOW = datetime(2025, 5, 4, 10, 0, 0)


class RequestMixin:
    """Documents to rate and requests to send, for the tests of requests."""

    def _documents(self, count=1, prefix="Order S0004"):
        """Records standing for the documents a bridge rates (orders)."""
        return (
            self.env["res.partner"]
            .sudo()
            .create([{"name": f"{prefix}{index}"} for index in range(count)])
        )

    def _request(self, partner=None, place=None, channel="email", **kwargs):
        """One scheduled request of a new document."""
        partner = self.customer if partner is None else partner
        request = self.env["review.request"]._create_requests(
            [partner.id], place or self.place_a, self._documents(), channel, **kwargs
        )
        self.assertEqual(len(request), 1)
        return request

    def _request_mail(self, request):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", request.partner_id.ids)])
            .filtered(lambda mail: "/review/rate/" in (mail.body_html or ""))
        )

    def _token_of(self, mail):
        tokens = set(RATE_LINK_RE.findall(mail.body_html))
        self.assertEqual(len(tokens), 1, "one link in the email")
        return tokens.pop()

    def _sent_request(self, partner=None, place=None):
        """A request emailed: (request, raw token from its email)."""
        request = self._request(partner, place)
        mail = request._send_request_mail()
        return request, self._token_of(mail)


@tagged("post_install", "-at_install")
class TestReviewRequestRules(RequestMixin, ReviewInboxCase):
    """Who is asked for a rating, and how often."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["review.request"]
        cls.bob, cls.dora = cls.env["res.partner"].create(
            [
                {"name": "Bob Buyer", "email": "bob@customer.test"},
                {"name": "Dora Buyer", "email": "dora@customer.test", "lang": "en_US"},
            ]
        )

    def _create(self, partners, documents, place=None, channel="email", **kwargs):
        return self.Request._create_requests(
            [partner.id if partner else False for partner in partners],
            place or self.place_a,
            documents,
            channel,
            **kwargs,
        )

    def test_request_values(self):
        document = self._documents()
        with freeze_time(NOW):
            request = self._create([self.customer], document)
        self.assertRecordValues(
            request,
            [
                {
                    "partner_id": self.customer.id,
                    "place_id": self.place_a.id,
                    "company_id": self.company.id,
                    "res_model": "res.partner",
                    "res_id": document.id,
                    "document_name": "Order S00040",
                    "channel": "email",
                    "state": "scheduled",
                    "scheduled_date": NOW,
                    "sent_date": False,
                    "review_id": False,
                    "token_expiry": False,
                }
            ],
        )
        self.assertEqual(request.document_date, document.create_date)
        later = NOW + timedelta(hours=24)
        request = self._create([self.bob], self._documents(), scheduled_date=later)
        self.assertEqual(request.scheduled_date, later)

    def test_every_customer_is_asked(self):
        """No review gating: the unhappy customers are asked as the others."""
        self.env["review.message"].create(
            [
                {"place_id": self.place_a.id, "partner_id": self.bob.id, "rating": 1},
                {"place_id": self.place_a.id, "partner_id": self.dora.id, "rating": 5},
            ]
        )
        partners = self.customer | self.bob | self.dora
        requests = self._create(partners, self._documents(3))
        self.assertEqual(requests.partner_id, partners)

    def test_no_email_no_request_unless_receipt(self):
        no_email = self.env["res.partner"].create({"name": "No Mail"})
        self.assertFalse(self._create([no_email, False], self._documents(2)))
        receipt = self._create([no_email, False], self._documents(2), channel="receipt")
        self.assertEqual(len(receipt), 2, "the receipt carries the link")
        self.assertEqual(receipt.mapped("channel"), ["receipt", "receipt"])
        self.assertEqual(receipt.partner_id, no_email)

    def test_blacklisted_customer_not_asked(self):
        self.env["mail.blacklist"].sudo()._add("BOB@customer.test")
        requests = self._create([self.bob, self.dora], self._documents(2))
        self.assertEqual(requests.partner_id, self.dora)
        receipt = self._create([self.bob], self._documents(), channel="receipt")
        self.assertFalse(receipt)

    def test_opted_out_customer_not_asked(self):
        self.bob.review_request_opt_out = True
        requests = self._create([self.bob, self.dora], self._documents(2))
        self.assertEqual(requests.partner_id, self.dora)

    def test_cooldown_per_company(self):
        with freeze_time(NOW):
            self.assertTrue(self._create([self.bob], self._documents()))
        with freeze_time(NOW + timedelta(days=29)):
            self.assertFalse(self._create([self.bob], self._documents()))
            # twice in one call: asked once
            self.assertEqual(
                len(self._create([self.dora, self.dora], self._documents(2))), 1
            )
            # another company has its own cooldown
            other = self._create([self.bob], self._documents(), place=self.place_y)
            self.assertEqual(other.company_id, self.company_y)
            # the same company, another place: still too soon
            self.assertFalse(
                self._create([self.bob], self._documents(), place=self.place_b)
            )
        with freeze_time(NOW + timedelta(days=31)):
            self.assertTrue(self._create([self.bob], self._documents()))

    def test_cooldown_setting(self):
        self.company.review_request_cooldown_days = 7
        with freeze_time(NOW):
            self._create([self.bob], self._documents())
        with freeze_time(NOW + timedelta(days=6)):
            self.assertFalse(self._create([self.bob], self._documents()))
        with freeze_time(NOW + timedelta(days=8)):
            self.assertTrue(self._create([self.bob], self._documents()))
        self.company.review_request_cooldown_days = 0
        self.assertTrue(self._create([self.bob], self._documents()))
        self.assertTrue(self._create([self.bob], self._documents()))

    def test_cooldown_counts_scheduled_not_cancelled(self):
        later = fields.Datetime.now() + timedelta(days=2)
        first = self._create([self.bob], self._documents(), scheduled_date=later)
        self.assertFalse(self._create([self.bob], self._documents()), "due later")
        first.with_user(self.manager).action_cancel()
        self.assertTrue(self._create([self.bob], self._documents()), "never asked")

    def test_one_request_per_document(self):
        document = self._documents()
        self.company.review_request_cooldown_days = 0
        requests = self._create([self.bob, self.dora], document + document)
        self.assertEqual(requests.partner_id, self.bob)
        self.assertFalse(self._create([self.dora], document))
        requests.with_user(self.manager).action_cancel()
        self.assertFalse(self._create([self.dora], document), "even cancelled")
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
        ):
            self.Request.sudo().create(
                {
                    "partner_id": self.dora.id,
                    "place_id": self.place_a.id,
                    "res_model": document._name,
                    "res_id": document.id,
                }
            )

    def test_bad_calls(self):
        with self.assertRaises(ValueError):
            self._create([self.bob], self._documents(2))
        with self.assertRaises(ValueError):
            self._create([self.bob], self._documents(), channel="fax")

    def test_settings_ranges(self):
        for field, value in (
            ("review_request_cooldown_days", -1),
            ("review_request_cooldown_days", 3651),
            ("review_request_link_validity", 0),
            ("review_request_link_validity", 366),
        ):
            with (
                self.subTest(field=field, value=value),
                self.assertRaises(ValidationError),
            ):
                self.company.write({field: value})


@tagged("post_install", "-at_install")
class TestReviewRequestSend(RequestMixin, ReviewInboxCase):
    """The job that emails the due requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["review.request"]
        cls.company.review_request_cooldown_days = 0

    def _run_cron(self, **kwargs):
        return self.Request._cron_send_review_requests(**kwargs)

    def test_sends_due_requests(self):
        with freeze_time(NOW):
            due = self._request()
            later = self._request(scheduled_date=NOW + timedelta(hours=2))
            receipt = self._request(channel="receipt")
            sent = self._run_cron()
        self.assertEqual(sent, due)
        self.assertEqual(due.state, "sent")
        self.assertEqual(due.sent_date, NOW)
        self.assertEqual(due.token_expiry, NOW + timedelta(days=30))
        self.assertEqual((later | receipt).mapped("state"), ["scheduled"] * 2)
        mail = self._request_mail(due)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertTrue(mail.auto_delete, "the link goes with the sent email")
        token = self._token_of(mail)
        self.assertEqual(due.sudo().token_hash, hash_token(token))
        self.assertNotIn(token, str(due.sudo().read()), "only the hash is stored")
        links = re.findall(rf"/review/rate/{token}\?score=(\d)", mail.body_html)
        self.assertEqual(links, ["1", "2", "3", "4", "5"])
        self.assertIn("Your visit to Place A on", mail.body_html)
        self.assertIn("Place A: how did we do?", mail.subject)

    def test_email_unsubscribe_link_and_headers(self):
        request = self._request()
        self._run_cron()
        mail = self._request_mail(request)
        url = self.customer._review_unsubscribe_url()
        self.assertRegex(
            url, rf"/review/unsubscribe/{self.customer.id}/[0-9a-f]{{64}}$"
        )
        self.assertIn(url, mail.body_html)
        headers = ast.literal_eval(mail.headers)
        self.assertEqual(headers["List-Unsubscribe"], f"<{url}>")
        self.assertEqual(headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        other = self.env["res.partner"].create({"name": "O", "email": "o@x.test"})
        self.assertNotEqual(
            other._review_unsubscribe_token(), self.customer._review_unsubscribe_token()
        )

    def test_link_validity_setting(self):
        self.company.review_request_link_validity = 7
        with freeze_time(NOW):
            request = self._request()
            self._run_cron()
        self.assertEqual(request.token_expiry, NOW + timedelta(days=7))

    def test_email_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("review_inbox.mail_template_review_request")
        template.with_context(
            lang="fr_FR"
        ).subject = "{{ object.place_id.name }} : qu'en avez-vous pensé ?"
        self.customer.lang = "fr_FR"
        french = self._request()
        self.assertEqual(french.lang, "fr_FR")
        english = self._request(
            self.env["res.partner"].create(
                {"name": "Ed", "email": "ed@customer.test", "lang": "en_US"}
            )
        )
        self._run_cron()
        self.assertEqual(
            self._request_mail(french).subject,
            "Place A : qu'en avez-vous pensé ?",
        )
        self.assertEqual(self._request_mail(english).subject, "Place A: how did we do?")

    def test_batch_gives_each_email_its_own_links(self):
        """One rendering for the batch, each email with its request's own
        rating and unsubscribe links, in its customer's language."""
        self.env["res.lang"]._activate_lang("fr_FR")
        customers = self.env["res.partner"].create(
            [
                {"name": f"C{index}", "email": f"c{index}@customer.test", "lang": lang}
                for index, lang in enumerate(["en_US", "fr_FR", "en_US", "fr_FR"])
            ]
        )
        requests = self.env["review.request"].browse(
            [self._request(customer).id for customer in customers]
        )
        QWeb = type(self.env["ir.qweb"])
        compile_calls = []
        original = QWeb._compile

        def compile_(qweb, template):
            compile_calls.append(template)
            return original(qweb, template)

        with patch.object(QWeb, "_compile", compile_):
            self.assertEqual(self._run_cron(), requests)
        self.assertLessEqual(
            len(compile_calls), 2, "the body compiled once per language, not per email"
        )
        tokens = set()
        for request, customer in zip(requests, customers, strict=True):
            mail = self._request_mail(request)
            self.assertEqual(len(mail), 1)
            token = self._token_of(mail)
            self.assertEqual(request.sudo().token_hash, hash_token(token))
            tokens.add(token)
            self.assertIn(customer._review_unsubscribe_url(), mail.body_html)
            self.assertEqual(
                ast.literal_eval(mail.headers)["List-Unsubscribe"],
                f"<{customer._review_unsubscribe_url()}>",
            )
            self.assertNotIn("review-rate-url-", mail.body_html)
            self.assertNotIn("review-unsubscribe-url-", mail.body_html)
        self.assertEqual(len(tokens), 4, "a link of its own for each email")

    def test_batch_rendering_is_odoos(self):
        """The emails of a batch, compiled once, are those Odoo's own
        rendering gives, record by record; other models render as Odoo does."""
        customers = self.env["res.partner"].create(
            [
                {"name": "Zoé <b>&", "email": "z@customer.test"},
                {"name": "Ann", "email": "ann@customer.test"},
            ]
        )
        requests = self.env["review.request"].browse(
            [self._request(customer).id for customer in customers]
        )
        template = self.env.ref(
            "review_inbox.mail_template_review_request"
        ).with_context(
            review_rate_url="https://x.test/r",
            review_unsubscribe_url="https://x.test/u",
        )
        batch = template._render_field("body_html", requests.ids)
        for request in requests:
            alone = template._render_field("body_html", request.ids)
            self.assertEqual(batch[request.id], alone[request.id])
        self.assertIn("Zoé &lt;b&gt;&amp;", batch[requests[0].id])
        Super = type(self.env["mail.render.mixin"])
        with patch.object(
            Super, "_render_template_qweb", autospec=True, return_value={}
        ) as odoo:
            template._render_field("body_html", requests.ids)
            self.assertFalse(odoo.called, "compiled once by the addon")
            partner_template = self.env["mail.template"].create(
                {
                    "name": "Other",
                    "model_id": self.env.ref("base.model_res_partner").id,
                    "body_html": "<p><t t-out='object.name'/></p>",
                }
            )
            partner_template._render_field("body_html", customers.ids)
            self.assertTrue(odoo.called, "other models: Odoo's own rendering")

    def test_email_escapes_names(self):
        self.place_a.name = "<b>Bold</b> place"
        self.customer.name = "<script>alert(1)</script>"
        request = self._request()
        self._run_cron()
        body = self._request_mail(request).body_html
        self.assertNotIn("<script>", body)
        self.assertNotIn("<b>Bold", body)
        self.assertIn("&lt;b&gt;Bold&lt;/b&gt; place", body)

    def test_document_gone_cancelled(self):
        request = self._request()
        kept = self._request()
        self.env["res.partner"].sudo().browse(request.res_id).unlink()
        self.assertEqual(self._run_cron(), kept)
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(self._request_mail(request) - self._request_mail(kept))

    def test_still_wanted_hook(self):
        """A bridge drops the requests of refunded orders at send time."""
        refunded = self._request()
        kept = self._request()
        Request = type(self.Request)
        original = Request._is_still_wanted

        def is_still_wanted(requests):
            return original(requests) - refunded

        with patch.object(Request, "_is_still_wanted", is_still_wanted):
            sent = self._run_cron()
        self.assertEqual(sent, kept)
        self.assertEqual(refunded.state, "cancelled")
        self.assertFalse(refunded.sudo().token_hash)

    def test_customer_rules_checked_again_at_send_time(self):
        partners = self.env["res.partner"].create(
            [
                {"name": name, "email": f"{name}@customer.test"}
                for name in ("optout", "blacklisted", "noemail", "kept")
            ]
        )
        requests = [self._request(partner) for partner in partners]
        partners[0].review_request_opt_out = True
        self.env["mail.blacklist"].sudo()._add(partners[1].email)
        partners[2].email = False
        self.assertEqual(self._run_cron(), requests[3])
        self.assertEqual(
            [request.state for request in requests],
            ["cancelled", "cancelled", "cancelled", "sent"],
        )

    @mute_logger("odoo.addons.review_inbox.models.review_request")
    def test_failure_isolated_and_not_retried(self):
        failing, other = self._request(), self._request()
        Request = type(self.Request)
        original = Request._send_request_mails
        calls = []

        def send(requests):
            calls.append(requests.ids)
            result = original(requests)
            if failing in requests:
                raise RuntimeError("SMTP template broken")
            return result

        with patch.object(Request, "_send_request_mails", send):
            self.assertEqual(self._run_cron(), other)
            self.assertEqual(self._run_cron(), self.Request, "nothing left")
        self.assertEqual(
            calls,
            [[failing.id, other.id], [failing.id], [other.id]],
            "the batch, then each alone; the failure not retried",
        )
        self.assertEqual(failing.state, "scheduled", "its changes rolled back")
        self.assertFalse(failing.sudo().token_hash)
        self.assertEqual(failing.send_error, "SMTP template broken")
        self.assertFalse(self._request_mail(failing) - self._request_mail(other))
        self.assertEqual(other.state, "sent")

    def test_batches_report_progress(self):
        requests = [self._request() for _index in range(5)]
        progress = []
        Cron = type(self.env["ir.cron"])

        def notify(cron, *, done, remaining, deactivate=False):
            progress.append((done, remaining))

        with patch.object(Cron, "_notify_progress", notify):
            self._run_cron(batch=2)
        self.assertEqual(progress, [(2, 3), (4, 1), (5, 0)])
        self.assertEqual({request.state for request in requests}, {"sent"})

    def test_expired_links(self):
        request, _token = self._sent_request()
        fresh, _token = self._sent_request()
        request.sudo().token_expiry = fields.Datetime.now() - timedelta(minutes=1)
        self._run_cron()
        self.assertEqual(request.state, "expired")
        self.assertEqual(fresh.state, "sent")

    def test_cron_record(self):
        cron = self.env.ref("review_inbox.ir_cron_send_review_requests")
        self.assertEqual(cron.model_id.model, "review.request")
        request = self._request()
        cron.sudo().method_direct_trigger()
        self.assertEqual(request.state, "sent")


@tagged("post_install", "-at_install")
class TestReviewRequestRating(RequestMixin, ReviewInboxCase):
    """The customer's rating, as the rating page submits it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_request_cooldown_days = 0

    def _reviews(self, request):
        return (
            self.env["review.message"].sudo().search([("request_id", "=", request.id)])
        )

    def test_rating_stores_one_review(self):
        request, token = self._sent_request()
        self.assertEqual(self.env["review.request"]._from_token(token), request)
        review = request._submit_rating(2, "Slow  service\r\nbut kind")
        self.assertRecordValues(
            review,
            [
                {
                    "request_id": request.id,
                    "place_id": self.place_a.id,
                    "partner_id": self.customer.id,
                    "rating": 2,
                    "body": "Slow  service\nbut kind",
                    "source": "request",
                    "review_type": "review",
                    "state": "inbox",
                    "is_alert": True,
                    "priority": "alert",
                }
            ],
        )
        self.assertEqual(request.state, "rated")
        self.assertEqual(request.review_id, review)
        self.assertEqual(request.rating, 2)
        self.assertTrue(request.token_used_date)
        with self.assertRaises(RatingLinkGone):
            request._submit_rating(5, "Again")
        self.assertEqual(self._reviews(request), review)

    def test_comment_optional(self):
        request, _token = self._sent_request()
        review = request._submit_rating(5, "")
        self.assertFalse(review.body)
        self.assertFalse(review.is_alert)

    def test_refused_rating_stores_nothing(self):
        request, _token = self._sent_request()
        for rating, comment in (
            (None, "No stars"),
            (0, "Zero"),
            (6, "Six"),
            (True, "Bool"),
            (4, "x" * 5001),
            (4, "nul\x00char"),
        ):
            with self.subTest(rating=rating), self.assertRaises(IntakeError):
                request._submit_rating(rating, comment)
        self.assertFalse(self._reviews(request))
        self.assertEqual(request.state, "sent")
        self.assertEqual(request._link_status(), "valid", "the link stays valid")

    def test_gone_links_store_nothing(self):
        expired, _token = self._sent_request()
        expired.sudo().token_expiry = fields.Datetime.now() - timedelta(seconds=1)
        cancelled = self._request()
        cancelled.sudo().write(
            dict(cancelled._token_values("x" * 43, self.company), state="cancelled")
        )
        for request in (expired, cancelled):
            with self.subTest(state=request.state), self.assertRaises(RatingLinkGone):
                request._submit_rating(4, "Late")
            self.assertFalse(self._reviews(request))

    def test_review_follows_the_inbox_flow(self):
        request, _token = self._sent_request()
        review = request._submit_rating(1, "Cold food")
        self.assertIn(
            review, self.env["review.message"].with_user(self.user_a).search([])
        )
        entry = review.with_user(self.user_a).send_reply("We are sorry.")
        self.assertEqual(review.conversation_state, "awaiting")
        self.assertTrue(entry.sudo().token_hash)

    def test_open_rated_document(self):
        request, _token = self._sent_request()
        review = request._submit_rating(4, "")
        action = review.with_user(self.manager).action_open_rated_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", request.res_id)
        )
        self.env["res.partner"].sudo().browse(request.res_id).unlink()
        with self.assertRaises(UserError):
            review.with_user(self.manager).action_open_rated_document()

    def test_unsubscribe(self):
        self.customer._review_request_unsubscribe()
        self.assertTrue(self.customer.review_request_opt_out)
        self.assertFalse(
            self.env["review.request"]._create_requests(
                [self.customer.id], self.place_a, self._documents()
            )
        )


@tagged("post_install", "-at_install")
class TestReviewRequestAccess(RequestMixin, ReviewInboxCase):
    """A place's staff see only their places' requests; companies never see
    each other's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.review_request_cooldown_days = 0
        cls.request_a = cls._class_request(cls.place_a)
        cls.request_b = cls._class_request(cls.place_b)
        cls.request_y = cls._class_request(cls.place_y)

    @classmethod
    def _class_request(cls, place):
        document = cls.env["res.partner"].create({"name": f"Order {place.code}"})
        return cls.env["review.request"]._create_requests(
            [cls.customer.id], place, document
        )

    def _visible(self, user):
        return self.env["review.request"].with_user(user).search([])

    def test_staff_see_their_places_only(self):
        mine = self.request_a | self.request_b | self.request_y
        self.assertEqual(self._visible(self.user_a) & mine, self.request_a)
        self.assertEqual(self._visible(self.user_b) & mine, self.request_b)
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.user_a).read(["state"])

    def test_managers_and_viewers_of_their_company(self):
        mine = self.request_a | self.request_b | self.request_y
        for user in (self.manager, self.viewer):
            self.assertEqual(
                self._visible(user) & mine, self.request_a | self.request_b
            )
        self.assertEqual(self._visible(self.manager_y) & mine, self.request_y)
        with self.assertRaises(AccessError):
            self.request_y.with_user(self.manager).read(["state"])

    def test_writes(self):
        for user in (self.user_a, self.viewer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.request_a.with_user(user).action_cancel()
        with self.assertRaises(AccessError):
            self.env["review.request"].with_user(self.manager).create(
                {
                    "place_id": self.place_a.id,
                    "res_model": "res.partner",
                    "res_id": self.customer.id,
                }
            )
        with self.assertRaises(AccessError):
            self.request_y.with_user(self.manager).action_cancel()
        self.request_a.with_user(self.manager).action_cancel()
        self.assertEqual(self.request_a.state, "cancelled")
        with self.assertRaises(UserError):
            self.request_a.with_user(self.manager).action_cancel()

    def test_token_hash_hidden(self):
        self.request_a.sudo()._send_request_mail()
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.manager).read(["token_hash"])
        self.assertTrue(self.request_a.with_user(self.manager).token_expiry)

    def test_staff_open_the_request_of_a_review(self):
        request_sudo = self.request_a.sudo()
        request_sudo._send_request_mail()
        review = request_sudo._submit_rating(3, "")
        self.assertEqual(review.with_user(self.user_a).request_id, self.request_a)
        self.assertEqual(
            review.with_user(self.user_a).request_id.document_name, "Order A"
        )

    def test_request_id_protected(self):
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_a).write(
                {"request_id": self.request_a.id}
            )


@tagged("post_install", "-at_install")
class TestRatingConcurrency(CommittedRaceCase):
    """Two ratings of one link in separate transactions: one is stored."""

    race_code = "RATE-RACE"

    def _race_records(self, env, place, partner):
        document = env["res.partner"].create({"name": "Order RACE"})
        request = env["review.request"]._create_requests([partner.id], place, document)
        request._send_request_mail()
        return {"request": request.id, "partners": document.ids}

    @mute_logger("odoo.sql_db")
    def test_racing_ratings_store_one(self):
        """P12's rule: two posts of one link at once store one review."""
        barrier = threading.Barrier(2)

        def submit(env):
            request = env["review.request"].browse(self.race_ids["request"])
            unused = request._link_status() == "valid"
            barrier.wait(timeout=10)
            try:
                request._submit_rating(4, "Racing rating")
                stored = True
            except RatingLinkGone:
                stored = False
            except psycopg2.errors.SerializationFailure:
                # REPEATABLE READ: the other submission claimed it
                env.cr.rollback()
                stored = False
            env.cr.commit()
            return unused, stored

        results = run_concurrently(self.registry, 2, submit, timeout=30)
        self.assertEqual(sorted(results), [(True, False), (True, True)], "one winner")
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM review_message WHERE request_id = %s",
                    self.race_ids["request"],
                )
            )
            self.assertEqual(cr.fetchone()[0], 1, "exactly one review stored")


@tagged("post_install", "-at_install")
class TestReviewRequestMadeLinks(RequestMixin, ReviewInboxCase):
    """Requests whose link was made beforehand by the device that printed the
    receipt (``tokens``), and requests due at a date of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["review.request"]
        cls.company.review_request_cooldown_days = 0

    def _receipt(self, tokens, documents=None, partners=None, **kwargs):
        documents = documents or self._documents(len(tokens))
        partners = partners or [False] * len(documents)
        return self.Request._create_requests(
            partners, self.place_a, documents, "receipt", tokens=tokens, **kwargs
        )

    def test_made_link_stored_as_its_hash(self):
        token = secrets.token_urlsafe(32)
        with freeze_time(NOW):
            request = self._receipt([token], scheduled_date=NOW - timedelta(hours=3))
        self.assertRecordValues(
            request,
            [
                {
                    "partner_id": False,
                    "channel": "receipt",
                    "state": "sent",
                    "scheduled_date": NOW - timedelta(hours=3),
                    "sent_date": NOW - timedelta(hours=3),
                    # valid from the receipt on
                    "token_expiry": NOW - timedelta(hours=3) + timedelta(days=30),
                }
            ],
        )
        self.assertEqual(request.sudo().token_hash, hash_token(token))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT row_to_json(r)::text FROM review_request r WHERE id = %s",
                request.id,
            )
        )
        self.assertNotIn(
            token, self.env.cr.fetchone()[0], "the raw token is not stored"
        )
        # the link works as an emailed one
        with freeze_time(NOW):
            self.assertEqual(self.Request._from_token(token), request)
            review = request._submit_rating(4, "Nice shop")
        self.assertEqual(review.request_id, request)
        self.assertFalse(review.partner_id)
        self.assertEqual(request.state, "rated")

    def test_known_token_creates_nothing(self):
        token, other_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        document = self._documents()
        first = self._receipt([token], document)
        expiry = first.token_expiry
        # sent twice, reused for another document, twice in one call
        self.assertFalse(self._receipt([token], document))
        self.assertFalse(self._receipt([token]))
        pair = self._receipt([other_token, other_token])
        self.assertEqual(len(pair), 1)
        self.assertEqual(pair.sudo().token_hash, hash_token(other_token))
        self.assertEqual(first.sudo().token_hash, hash_token(token), "not overwritten")
        self.assertEqual(first.token_expiry, expiry)
        self.assertEqual(self.Request._from_token(token), first)

    def test_documents_without_token_and_rules(self):
        token = secrets.token_urlsafe(32)
        opted_out = self.env["res.partner"].create(
            {"name": "Opted Out", "review_request_opt_out": True}
        )
        requests = self._receipt(
            [False, token, secrets.token_urlsafe(32)],
            partners=[False, self.customer.id, opted_out.id],
        )
        self.assertEqual(len(requests), 2)
        with_link = requests.filtered("token_expiry")
        self.assertEqual(with_link.partner_id, self.customer)
        without = requests - with_link
        self.assertEqual(without.state, "scheduled", "a link printed later")

    def test_bad_tokens(self):
        for tokens, channel in (
            (["short"], "receipt"),
            (["x" * 42 + "="], "receipt"),
            ([secrets.token_urlsafe(32)], "email"),
            ([secrets.token_urlsafe(32)] * 2, "receipt"),
        ):
            with self.subTest(tokens=tokens, channel=channel):
                with self.assertRaises(ValueError):
                    self.Request._create_requests(
                        [self.customer.id],
                        self.place_a,
                        self._documents(),
                        channel,
                        tokens=tokens,
                    )
        self.assertFalse(self.Request.search([("place_id", "=", self.place_a.id)]))

    def test_one_date_per_document(self):
        bob = self.env["res.partner"].create({"name": "Bob", "email": "b@x.test"})
        dates = [NOW, None, NOW + timedelta(hours=5)]
        with freeze_time(NOW + timedelta(hours=1)):
            requests = self.Request._create_requests(
                [self.customer.id, bob.id, False],
                self.place_a,
                self._documents(3),
                "receipt",
                scheduled_date=dates,
            )
        self.assertEqual(
            requests.sorted("id").mapped("scheduled_date"),
            [NOW, NOW + timedelta(hours=1), NOW + timedelta(hours=5)],
        )
        with self.assertRaises(ValueError):
            self.Request._create_requests(
                [self.customer.id], self.place_a, self._documents(), "email", [NOW] * 2
            )

    def test_cooldown_by_each_date(self):
        self.company.review_request_cooldown_days = 7
        bob, dora = self.env["res.partner"].create(
            [
                {"name": "Bob", "email": "bob@x.test"},
                {"name": "Dora", "email": "dora@x.test"},
            ]
        )
        self.Request._create_requests(
            [bob.id, dora.id], self.place_a, self._documents(2), scheduled_date=NOW
        )
        # Bob bought again 8 days later (outside), Dora 6 days later (inside)
        requests = self.Request._create_requests(
            [bob.id, dora.id],
            self.place_a,
            self._documents(2),
            scheduled_date=[NOW + timedelta(days=8), NOW + timedelta(days=6)],
        )
        self.assertEqual(requests.partner_id, bob)
