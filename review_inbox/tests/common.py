import re
import threading
from contextlib import contextmanager
from email.message import EmailMessage
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, http, models
from odoo.sql_db import Cursor
from odoo.tests import TransactionCase, new_test_user

# What mail's own tests create their records with (MailCommon._test_context,
# mail_new_test_user), and OCA helpdesk_mgmt's: no creation message, no
# tracking, no follower, no invitation email (when auth_signup is installed).
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


class ReviewInboxCase(TransactionCase):
    """Two companies; in the first, places A and B with their own staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls._create_review_fixtures()

    def setUp(self):
        super().setUp()
        # As mail's MailCommon does: the tracking of the records created in
        # this transaction waits for its pre-commit hooks; run them, so that
        # what a test changes on the set-up's records is tracked.
        self.env.flush_all()
        self.env.cr.flush()

    @classmethod
    @contextmanager
    def quiet_set_up(cls):
        """The records created meanwhile through ``cls.env`` get no chatter
        (QUIET_CONTEXT). The records then held by the class are bound back to
        the plain environment: what a test does with them is tracked, logged
        and followed as in production."""
        plain = cls.env
        cls.env = plain(context=dict(plain.context, **QUIET_CONTEXT))
        try:
            yield
        finally:
            cls.env = plain
            for name, value in list(vars(cls).items()):
                if isinstance(value, models.BaseModel):
                    setattr(cls, name, value.with_env(plain))

    @classmethod
    def _create_review_fixtures(cls):
        cls.company = cls.env["res.company"].create(
            {"name": "Review Corp", "review_customer_service_email": "care@corp.test"}
        )
        cls.company_y = cls.env["res.company"].create({"name": "Other Corp"})
        common = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        cls.user_a = new_test_user(
            cls.env,
            login="place_a_user",
            name="Alice PlaceA",
            email="alice@corp.test",
            groups="review_inbox.group_review_inbox_user",
            **common,
        )
        cls.user_b = new_test_user(
            cls.env,
            login="place_b_user",
            name="Bob PlaceB",
            email="bob@corp.test",
            groups="review_inbox.group_review_inbox_user",
            **common,
        )
        cls.viewer = new_test_user(
            cls.env,
            login="review_viewer_t",
            name="Vera Viewer",
            groups="review_inbox.group_review_inbox_viewer",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="review_manager_t",
            name="Max Manager",
            groups="review_inbox.group_review_inbox_manager",
            **common,
        )
        cls.manager_y = new_test_user(
            cls.env,
            login="review_manager_y",
            name="Yann OtherCorp",
            groups="review_inbox.group_review_inbox_manager",
            company_id=cls.company_y.id,
            company_ids=cls.company_y.ids,
        )
        Place = cls.env["review.place"]
        cls.place_a = Place.create(
            {
                "name": "Place A",
                "code": "A",
                "company_id": cls.company.id,
                "user_ids": [Command.link(cls.user_a.id)],
            }
        )
        cls.place_b = Place.create(
            {
                "name": "Place B",
                "code": "B",
                "company_id": cls.company.id,
                "user_ids": [Command.link(cls.user_b.id)],
            }
        )
        cls.place_y = Place.create(
            {"name": "Place Y", "code": "Y", "company_id": cls.company_y.id}
        )
        cls.group_ab = cls.env["review.place.group"].create(
            {
                "name": "Group AB",
                "company_id": cls.company.id,
                "place_ids": [Command.set((cls.place_a | cls.place_b).ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Carla Customer",
                "email": "carla@customer.test",
                "phone": "+33 1 23",
            }
        )
        Review = cls.env["review.message"]
        cls.review_a = Review.create(
            {
                "place_id": cls.place_a.id,
                "partner_id": cls.customer.id,
                "rating": 4,
                "body": "Lovely staff at A",
            }
        )
        cls.alert_a = Review.create(
            {
                "place_id": cls.place_a.id,
                "partner_id": cls.customer.id,
                "rating": 1,
                "body": "Cold food at A",
            }
        )
        cls.review_b = Review.create(
            {"place_id": cls.place_b.id, "rating": 5, "body": "Great B"}
        )
        cls.review_y = Review.create(
            {"place_id": cls.place_y.id, "rating": 2, "body": "Other company review"}
        )
        cls.reviews_ab = cls.review_a | cls.alert_a | cls.review_b


# Statements that change the database, or lock rows as if to.
WRITE_RE = re.compile(
    r"\s*(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|ALTER|CREATE|DROP|LOCK)\b"
    r"|.*\bFOR\s+(NO\s+KEY\s+)?UPDATE\b",
    re.IGNORECASE | re.DOTALL,
)


class NoWriteMixin:
    """Read-only routes change nothing (HttpCase)."""

    @contextmanager
    def assertNoWrite(self):
        """The requests made meanwhile change nothing: no statement that
        writes or locks, no session saved."""
        self.env.flush_all()
        # what the set-up left for its commit (bus notifications) is not theirs
        self.env.cr.precommit.run()
        statements = []
        execute = Cursor.execute

        def recording_execute(cr, query, *args, **kwargs):
            if cr is self.cr:  # the test cursor, that requests run on
                statements.append(getattr(query, "code", query))
            return execute(cr, query, *args, **kwargs)

        store = http.root.session_store
        with (
            patch.object(Cursor, "execute", recording_execute),
            patch.object(store, "save", wraps=store.save) as save,
            patch.object(store, "rotate", wraps=store.rotate) as rotate,
        ):
            yield
        self.assertTrue(statements, "the queries of the requests were seen")
        self.assertFalse([s for s in statements if WRITE_RE.match(s)])
        self.assertFalse(save.called or rotate.called, "no session saved")


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class PublicPagesMixin:
    """Requests to the addon's public pages as a browser makes them (HttpCase)."""

    def public_get(self, path, **kwargs):
        response = self.url_open(path, **kwargs)
        self.env.invalidate_all()
        return response

    def public_post(self, path, data, csrf_token=None, **kwargs):
        """POST the form of the page at ``path`` with the CSRF token of that
        page, or with ``csrf_token`` (``False``: none); no redirect followed."""
        data = dict(data)
        if csrf_token is not False:
            data["csrf_token"] = csrf_token or self.csrf_token(path)
        response = self.url_open(path, data=data, allow_redirects=False, **kwargs)
        self.env.invalidate_all()
        return response

    def csrf_token(self, path):
        """The CSRF token of the form at ``path``, for the session of
        self.opener."""
        response = self.public_get(path)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def assertPrivateHeaders(self, response):
        """The URL holds a secret (a reply link's token, a form's key): it
        must leak through no header, cache or search engine."""
        headers = response.headers
        self.assertEqual(headers.get("Referrer-Policy"), "no-referrer")
        self.assertIn("no-store", headers.get("Cache-Control", ""))
        self.assertIn("noindex", headers.get("X-Robots-Tag", ""))


class PublicFormMixin(PublicPagesMixin):
    """Posting a place's public review form as a browser does (HttpCase)."""

    def form_post(self, place, data):
        """POST the form of ``place`` with its CSRF token; no redirect followed."""
        return self.public_post(f"/review/place/{place.review_form_key}", data)


def email_message(
    to,
    sender,
    body="Is the terrace open on Sundays?",
    *,
    html=None,
    subject="A question",
    message_id="<question-1@customer.test>",
    date="Sun, 04 May 2025 10:00:00 +0000",
    in_reply_to=None,
    references=None,
):
    """A raw email for the mail gateway (``mail.thread.message_process``):
    ``body`` in plain text, with ``html`` as its alternative if given;
    ``in_reply_to`` and ``references`` thread it; ``date=None`` leaves the
    Date header out."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    if date:
        msg["Date"] = date
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg.as_string()


class CommittedRaceCase(TransactionCase):
    """Transactions racing each other see only committed data: a place and a
    customer are made and committed in ``setUp`` (their ids in
    ``race_ids``, with those of what ``_race_records`` adds), and removed
    after the test with the place's reviews and requests and their emails.
    ``race_code`` is the place's code, distinct in each class."""

    race_code = "RACE"

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            place = env["review.place"].create(
                {
                    "name": "Race place",
                    "code": self.race_code,
                    "company_id": env.ref("base.main_company").id,
                }
            )
            partner = env["res.partner"].create(
                {
                    "name": "Racing Carla",
                    "email": f"{self.race_code.lower()}@customer.test",
                }
            )
            self.race_ids = {"place": place.id, "partner": partner.id}
            self.race_ids.update(self._race_records(env, place, partner))
        self.addCleanup(self._race_clean)

    def _race_records(self, env, place, partner):
        """What the test races on, committed with the place: their ids,
        ``partners`` for other partners to remove after the test."""
        return {}

    def _race_clean(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            place = env["review.place"].browse(self.race_ids["place"])
            partners = env["res.partner"].browse(
                [self.race_ids["partner"], *self.race_ids.get("partners", ())]
            )
            reviews = env["review.message"].search([("place_id", "=", place.id)])
            env["mail.mail"].search(
                [
                    "|",
                    ("recipient_ids", "in", partners.ids),
                    "&",
                    ("model", "=", "review.message"),
                    ("res_id", "in", reviews.ids),
                ]
            ).unlink()
            reviews.unlink()
            env["review.request"].search([("place_id", "=", place.id)]).unlink()
            place.unlink()
            partners.unlink()


def recorded_request_batches(env):
    """Patch review.request._create_requests to record its calls: the mock,
    whose calls' ``args`` are the model, the partner ids, the place, the
    documents and (when given) the channel."""
    Request = type(env["review.request"])
    return patch.object(
        Request,
        "_create_requests",
        autospec=True,
        side_effect=Request._create_requests,
    )


def run_concurrently(registry, count, work, timeout=60):
    """``work(env)`` in ``count`` threads at once, each in a transaction of
    its own, as concurrent requests are; the results, in finishing order.
    What ``work`` raises is raised here, in the test's thread."""
    # made here: a test runner may hold the registry lock that a new
    # environment takes
    envs = [api.Environment(registry.cursor(), SUPERUSER_ID, {}) for _i in range(count)]
    results, errors = [], []

    def run(env):
        try:
            results.append(work(env))
        except Exception as error:  # noqa: BLE001 raised below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(env,)) for env in envs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    for env in envs:
        env.cr.close()
    if errors:
        raise errors[0]
    return results
