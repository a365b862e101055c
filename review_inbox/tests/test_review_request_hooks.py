import secrets
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.review_inbox.models.review_request import ReviewRequest
from odoo.addons.review_inbox.models.review_token_mixin import hash_token

from .common import ReviewInboxCase
from .test_review_request import RequestMixin

NOW = datetime(2025, 5, 4, 10, 0, 0)


@tagged("post_install", "-at_install")
class TestReviewRequestBridgeHooks(RequestMixin, ReviewInboxCase):
    """What a bridge uses to make its requests apart from its documents'
    own transactions (readme/DEVELOP.md)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["review.request"]
        cls.company.review_request_cooldown_days = 0

    def test_send_job_prepares_pending_requests_first(self):
        """A request made by ``_prepare_due_requests`` goes out in the same
        run of the job."""
        documents = self._documents(2)
        made = []

        def prepare(model):
            made.append(
                model._create_requests(
                    [self.customer.id], self.place_a, documents[:1], "email"
                )
            )
            return made[-1]

        with freeze_time(NOW):
            with patch.object(ReviewRequest, "_prepare_due_requests", prepare):
                sent = self.Request._cron_send_review_requests()
            self.assertEqual(len(made), 1, "called once, at the start")
            self.assertEqual(sent, made[0])
            self.assertEqual(made[0].state, "sent")
            # the core's own makes nothing
            self.assertFalse(self.Request._prepare_due_requests())
            self.assertFalse(self.Request._cron_send_review_requests())

    def test_links_known_by_their_hash(self):
        """A bridge that kept only a link's hash makes its request with it:
        the same request as with the raw token."""
        token, other = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        documents = self._documents(2)
        with freeze_time(NOW):
            request = self.Request._create_requests(
                [False, False],
                self.place_a,
                documents,
                "receipt",
                scheduled_date=NOW - timedelta(hours=1),
                token_hashes=[hash_token(token), hash_token(token)],
            )
            self.assertEqual(len(request), 1, "a hash known creates nothing")
            self.assertRecordValues(
                request,
                [
                    {
                        "res_id": documents[0].id,
                        "state": "sent",
                        "sent_date": NOW - timedelta(hours=1),
                        "token_expiry": NOW - timedelta(hours=1) + timedelta(days=30),
                    }
                ],
            )
            self.assertEqual(self.Request._from_token(token), request)
            # known by its raw token too
            self.assertFalse(
                self.Request._create_requests(
                    [False], self.place_a, self._documents(), "receipt", tokens=[token]
                )
            )
        refused = {
            "not a hash": {"token_hashes": ["x" * 64]},
            "upper case": {"token_hashes": [hash_token(other).upper()]},
            "both": {"tokens": [other], "token_hashes": [hash_token(other)]},
            "one per document": {"token_hashes": []},
        }
        for name, kwargs in refused.items():
            with self.subTest(name), self.assertRaises(ValueError):
                self.Request._create_requests(
                    [False], self.place_a, self._documents(), "receipt", **kwargs
                )
        with self.assertRaises(ValueError):
            self.Request._create_requests(
                [self.customer.id],
                self.place_a,
                self._documents(),
                "email",
                token_hashes=[hash_token(other)],
            )
        self.assertFalse(self.Request._from_token(other))
