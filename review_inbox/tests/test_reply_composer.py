import json
import threading
from datetime import datetime

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.review_inbox.models.review_message import ReviewReplyConflict

from .common import CommittedRaceCase, ReviewInboxCase, run_concurrently

INTAKE_ERROR = "odoo.addons.review_inbox.tools.intake.IntakeError"
CONFLICT = "odoo.addons.review_inbox.models.review_message.ReviewReplyConflict"
# 10:42 in Paris
COLLEAGUE_REPLY_DATE = datetime(2025, 5, 4, 8, 42)


class ReplyComposerCase(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a.tz = "Europe/Paris"
        # the colleague who answers meanwhile: the review managers see every
        # place of their company
        cls.manager.tz = "Europe/Paris"

    def _entries(self, review=None):
        return (review or self.review_a).sudo().conversation_entry_ids

    def _customer_mails(self, review=None):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "review.message"),
                    ("res_id", "=", (review or self.review_a).id),
                    ("recipient_ids", "in", self.customer.ids),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestReplyConflict(ReplyComposerCase):
    """send_reply(body, expected_last_entry_id): a colleague's reply after
    the newest entry the sender had in view is asked about first."""

    def _colleague_reply(self, body="Sorry Carla, we are on it."):
        with freeze_time(COLLEAGUE_REPLY_DATE):
            return self.review_a.with_user(self.manager).send_reply(body)

    def test_reply_after_an_unseen_colleague_reply_is_refused(self):
        self._colleague_reply()
        mails = self._customer_mails()
        review = self.review_a.with_user(self.user_a)
        with (
            freeze_time(datetime(2025, 5, 4, 9, 0)),
            self.assertRaises(ReviewReplyConflict) as caught,
        ):
            review.send_reply("Thank you Carla!", expected_last_entry_id=0)
        self.assertIsInstance(caught.exception, UserError)
        self.assertEqual(
            caught.exception.args[0],
            "Carla Customer was already answered by Max Manager at 10:42 AM.",
        )
        self.assertEqual(self._entries().mapped("body"), ["Sorry Carla, we are on it."])
        self.assertEqual(self._customer_mails(), mails, "no email more")
        self.assertEqual(self.review_a.conversation_author_id, self.manager.partner_id)

    def test_another_day_names_the_date(self):
        self._colleague_reply()
        with (
            freeze_time(datetime(2025, 5, 6, 9, 0)),
            self.assertRaisesRegex(ReviewReplyConflict, r"at 5/4/25, 10:42 AM\.$"),
        ):
            self.review_a.with_user(self.user_a).send_reply(
                "Thank you Carla!", expected_last_entry_id=0
            )

    def test_seen_colleague_reply_is_no_conflict(self):
        seen = self._colleague_reply()
        entry = self.review_a.with_user(self.user_a).send_reply(
            "Thank you Carla!", expected_last_entry_id=seen.id
        )
        self.assertEqual(entry.author_id, self.user_a.partner_id)
        self.assertEqual(len(self._entries()), 2)

    def test_a_customer_answer_is_no_conflict(self):
        seen = self._colleague_reply()
        self.review_a.sudo()._receive_customer_answer("Thanks, but when?", "web")
        self.review_a.with_user(self.user_a).send_reply(
            "Tomorrow!", expected_last_entry_id=seen.id
        )
        self.assertEqual(
            self._entries().mapped("author_type"), ["staff", "customer", "staff"]
        )

    def test_conflict_after_the_customer_answer_the_sender_saw(self):
        self._colleague_reply()
        answer = self.review_a.sudo()._receive_customer_answer("When?", "web")
        self._colleague_reply("Tomorrow, Carla.")
        with self.assertRaises(ReviewReplyConflict):
            self.review_a.with_user(self.user_a).send_reply(
                "Tomorrow!", expected_last_entry_id=answer.id
            )
        self.assertEqual(len(self._entries()), 3)

    def test_no_check_without_expected_entry(self):
        self._colleague_reply()
        self.review_a.with_user(self.user_a).send_reply("Sent anyway")
        self.assertEqual(len(self._entries()), 2)

    def test_own_reply_in_another_tab_is_asked_about_too(self):
        self.review_a.with_user(self.user_a).send_reply("From the other tab")
        with self.assertRaisesRegex(ReviewReplyConflict, "answered by Alice PlaceA"):
            self.review_a.with_user(self.user_a).send_reply(
                "From this tab", expected_last_entry_id=0
            )

    def test_invalid_expected_entry_refused(self):
        with self.assertRaises(UserError):
            self.review_a.with_user(self.user_a).send_reply(
                "Thank you", expected_last_entry_id="the last one"
            )
        self.assertFalse(self._entries())

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_the_check_tells_nothing_to_others(self):
        """Access comes first: no conflict message names the colleague to a
        user who may not act on the review."""
        self._colleague_reply()
        for user in (self.user_b, self.viewer, self.manager_y):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.review_a.with_user(user).send_reply(
                    "Hello", expected_last_entry_id=0
                )


@tagged("post_install", "-at_install")
class TestReplyConflictRace(CommittedRaceCase):
    """Two staff send a reply to the same conversation at once, each having
    seen no reply: one is sent, the other is refused, never both."""

    race_code = "RACER"

    def _race_records(self, env, place, partner):
        review = env["review.message"].create(
            {"place_id": place.id, "partner_id": partner.id, "body": "Race"}
        )
        return {"review": review.id}

    @mute_logger("odoo.sql_db")
    def test_racing_replies_one_sent(self):
        barrier = threading.Barrier(2)

        def send(env):
            review = env["review.message"].browse(self.race_ids["review"])
            # both transactions start seeing no reply
            seen_none = not review.conversation_entry_ids
            barrier.wait(timeout=10)
            for _attempt in range(2):
                try:
                    review.send_reply("Racing reply", expected_last_entry_id=0)
                    outcome = "sent"
                except ReviewReplyConflict:
                    outcome = "asked"
                except psycopg2.errors.SerializationFailure:
                    # REPEATABLE READ: the other reply was committed first;
                    # Odoo retries the request, as here
                    env.cr.rollback()
                    env.invalidate_all()
                    continue
                if outcome == "sent":
                    env.cr.commit()
                else:
                    env.cr.rollback()
                return seen_none, outcome
            return seen_none, "not retried"

        results = run_concurrently(self.registry, 2, send, timeout=30)
        self.assertEqual(
            sorted(results),
            [(True, "asked"), (True, "sent")],
            "one sent; the other, retried, asks about it",
        )
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM review_conversation_entry"
                    " WHERE review_id = %s",
                    self.race_ids["review"],
                )
            )
            self.assertEqual(cr.fetchone()[0], 1, "exactly one reply stored")


@tagged("post_install", "-at_install")
class TestReplyComposerRpc(ReplyComposerCase, HttpCase):
    """send_reply as the composer calls it, over JSON-RPC: what the wizard's
    access tests checked of the reply, and the error the client turns into
    "Send anyway?"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in cls.user_a | cls.user_b | cls.viewer | cls.manager | cls.manager_y:
            user.password = user.login

    def _send(self, user, review, body, **kwargs):
        """The composer's call: the result, or the error's data."""
        self.authenticate(user.login, user.login)
        response = self.url_open(
            "/web/dataset/call_kw/review.message/send_reply",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "review.message",
                        "method": "send_reply",
                        "args": [[review.id], body],
                        "kwargs": dict(
                            kwargs,
                            context={"allowed_company_ids": user.company_ids.ids},
                        ),
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        payload = response.json()
        return payload.get("result"), payload.get("error", {}).get("data")

    def test_place_staff_sends(self):
        result, error = self._send(
            self.user_a, self.review_a, "Thank you!", expected_last_entry_id=0
        )
        self.assertFalse(error)
        self.assertEqual(self._entries().mapped("body"), ["Thank you!"])
        self.assertEqual(len(self._customer_mails()), 1)

    @mute_logger("odoo.http")
    def test_empty_or_too_long_refused(self):
        refusals = {
            "empty": ("", "Write a reply before sending it."),
            "blank": ("  \n ", "Write a reply before sending it."),
            "none": (False, "Write a reply before sending it."),
            "too long": ("x" * 5001, "This text is too long"),
        }
        for label, (body, message) in refusals.items():
            with self.subTest(label):
                _result, error = self._send(
                    self.user_a, self.review_a, body, expected_last_entry_id=0
                )
                self.assertEqual(error["name"], INTAKE_ERROR)
                self.assertIn(message, error["message"])
        self.assertFalse(self._entries())
        self.assertFalse(self._customer_mails())

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_denied_users_send_nothing(self):
        denied = [
            (self.user_b, self.review_a),
            (self.viewer, self.review_a),
            (self.manager_y, self.review_a),
            (self.user_a, self.review_y),
            (self.manager, self.review_y),
        ]
        for user, review in denied:
            with self.subTest(user=user.login, review=review.body):
                _result, error = self._send(
                    user, review, "Hello", expected_last_entry_id=0
                )
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertFalse(self._entries(self.review_a) | self._entries(self.review_y))
        self.assertFalse(self._customer_mails(self.review_a))

    @mute_logger("odoo.http")
    def test_conflict_error_for_the_client(self):
        with freeze_time(COLLEAGUE_REPLY_DATE):
            self.review_a.with_user(self.manager).send_reply("On it, Carla.")
        with freeze_time(datetime(2025, 5, 4, 9, 0)):
            _result, error = self._send(
                self.user_a, self.review_a, "Thank you!", expected_last_entry_id=0
            )
        self.assertEqual(error["name"], CONFLICT)
        self.assertEqual(
            error["message"],
            "Carla Customer was already answered by Max Manager at 10:42 AM.",
        )
        self.assertEqual(len(self._entries()), 1)
        # "Send anyway": the same call without the check
        _result, error = self._send(self.user_a, self.review_a, "Thank you!")
        self.assertFalse(error)
        self.assertEqual(len(self._entries()), 2)
