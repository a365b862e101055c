import json

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PublicFormMixin, ReviewInboxCase

NOTE = "Sender blocked: moved to Spam"


@tagged("post_install", "-at_install")
class TestBlockedSender(ReviewInboxCase, PublicFormMixin, HttpCase):
    """Mark as spam and block sender: later reviews of the sender go to Spam."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["review.message"]
        cls.Block = cls.env["review.blocked.sender"]

    def _block_a(self):
        self.review_a.with_user(self.user_a).action_spam_block_sender()
        return self.Block.search([("company_id", "=", self.company.id)])

    def _new_review(self, partner, place=None):
        return self.Review.create(
            {
                "place_id": (place or self.place_a).id,
                "partner_id": partner.id,
                "rating": 3,
                "body": "Again",
            }
        )

    def _notes(self, review):
        return review.message_ids.filtered(lambda m: NOTE in (m.body or ""))

    def _post_form(self, data):
        response = self.form_post(
            self.place_a,
            dict({"rating": "2", "comment": "Spam again", "consent": "on"}, **data),
        )
        self.assertEqual(response.status_code, 303, response.text)
        return self.Review.search(
            [("place_id", "=", self.place_a.id), ("source", "=", "web")]
        )

    # ------------------------------------------------------------------
    # The action
    # ------------------------------------------------------------------

    def test_action_blocks_email_and_phone(self):
        blocks = self._block_a()
        self.assertRecordValues(
            blocks,
            [
                {
                    "email": "carla@customer.test",
                    "phone": "+33123",
                    "review_id": self.review_a.id,
                    "user_id": self.user_a.id,
                    "active": True,
                }
            ],
        )
        self.assertEqual(self.review_a.state, "spam")
        bodies = " ".join(self.review_a.message_ids.mapped("body"))
        self.assertIn("Marked as Spam.", bodies)
        self.assertIn("Sender blocked: carla@customer.test, +33123", bodies)
        # blocking again the same sender keeps one block
        self.alert_a.with_user(self.user_a).action_spam_block_sender()
        self.assertEqual(len(blocks.search([])), 1)
        self.assertIn(
            "Sender already blocked.", " ".join(self.alert_a.message_ids.mapped("body"))
        )

    def test_other_place_staff_cannot_block(self):
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_b).action_spam_block_sender()
        self.assertEqual(self.review_a.state, "inbox")
        self.assertFalse(self.Block.search([]))

    def test_users_cannot_read_the_list(self):
        self._block_a()
        for user in (self.user_a, self.viewer):
            with self.assertRaises(AccessError):
                self.Block.with_user(user).search([])
        with self.assertRaises(AccessError):
            self.Block.with_user(self.user_a).create({"email": "x@y.test"})
        self.assertEqual(len(self.Block.with_user(self.manager).search([])), 1)
        self.assertFalse(self.Block.with_user(self.manager_y).search([]))

    def test_no_contact_refused(self):
        nobody = self.env["res.partner"].create({"name": "No Contact"})
        review = self._new_review(nobody)
        for partner in (nobody, False):
            review.partner_id = partner
            messages = review.message_ids
            with self.assertRaisesRegex(UserError, "Nothing to block"):
                review.with_user(self.user_a).action_spam_block_sender()
            self.assertEqual(review.state, "inbox")
            self.assertEqual(review.message_ids, messages)
        self.assertFalse(self.Block.search([]))

    def test_constraints(self):
        with self.assertRaises(ValidationError):
            self.Block.create({"email": False, "phone": " - "})
        block = self.Block.create({"email": " Eve@Spam.TEST ", "phone": "+1 (555) 01"})
        self.assertRecordValues(block, [{"email": "eve@spam.test", "phone": "+155501"}])
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                self.Block.create({"phone": "+1 555 01"})
        block.action_lift()
        self.assertFalse(block.active)
        # a lifted block may be set again
        self.Block.create({"email": "eve@spam.test"})

    # ------------------------------------------------------------------
    # Enforcement at creation
    # ------------------------------------------------------------------

    def test_later_review_by_email_or_phone_goes_to_spam(self):
        self._block_a()
        same_email = self.env["res.partner"].create(
            {"name": "Carla Twin", "email": "CARLA@customer.test"}
        )
        same_phone = self.env["res.partner"].create(
            {"name": "Carla Phone", "mobile": "+33 (1) 23"}
        )
        other = self.env["res.partner"].create(
            {"name": "Dora", "email": "dora@customer.test", "phone": "+33 9"}
        )
        # as place staff posting through the API: they may not read the blocks
        reviews = self.Review.with_user(self.user_a)._create_from_intake(
            [
                {
                    "place_id": self.place_a.id,
                    "partner_id": partner.id,
                    "rating": 3,
                    "source": "api",
                }
                for partner in (self.customer, same_email, same_phone, other)
            ]
        )
        self.assertEqual(reviews.mapped("state"), ["spam", "spam", "spam", "inbox"])
        self.assertEqual(len(self._notes(reviews[0])), 1)
        self.assertFalse(self._notes(reviews[3]))

    def test_other_company_not_affected(self):
        self._block_a()
        review_y = self._new_review(self.customer, place=self.place_y)
        self.assertEqual(review_y.state, "inbox")
        self.assertEqual(self._new_review(self.customer, self.place_b).state, "spam")

    def test_lifted_block_lets_reviews_in(self):
        blocks = self._block_a()
        blocks.with_user(self.manager).action_lift()
        self.assertEqual(self._new_review(self.customer).state, "inbox")

    def test_public_form_email_and_phone(self):
        self._block_a()
        reviews = self._post_form({"email": "carla@customer.test"})
        self.assertEqual(len(reviews), 1)
        self.assertEqual(reviews.state, "spam")
        self.assertEqual(len(self._notes(reviews)), 1)
        reviews = self._post_form({"customer_name": "Anon", "phone": "+33 1-23"})
        self.assertEqual(reviews.mapped("state"), ["spam", "spam"])

    def test_public_form_unblocked_lands_in_inbox(self):
        self._block_a()
        reviews = self._post_form({"email": "someone@else.test"})
        self.assertEqual(reviews.state, "inbox")

    def test_api_review_goes_to_spam(self):
        self._block_a()
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.user_a)
            .sudo()
            ._generate("rpc", "t", None)
        )
        response = self.url_open(
            "/review_inbox/api/v1/reviews",
            data=json.dumps(
                {
                    "source": "google",
                    "external_id": "blk-1",
                    "place_code": "A",
                    "rating": 1,
                    "customer": {"name": "C", "email": "carla@customer.test"},
                }
            ),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
            },
            timeout=120,
        )
        self.assertEqual(response.status_code, 201, response.text)
        review = self.Review.browse(response.json()["ids"])
        self.assertEqual(review.state, "spam")

    def test_enforcement_query_count_constant(self):
        """One search for the whole batch, whatever its size."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Spammer {n}",
                    "email": f"spam{n}@spam.test",
                    "phone": f"+{n}",
                }
                for n in range(20)
            ]
        )
        self.Block.create(
            [
                {"email": partner.email, "company_id": self.company.id}
                for partner in partners
            ]
        )

        def count(batch):
            reviews = self.Review.create(
                [{"place_id": self.place_a.id, "rating": 3} for __ in batch]
            )
            for review, partner in zip(reviews, batch, strict=True):
                review.partner_id = partner
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            reviews._apply_sender_blocks()
            self.env.flush_all()
            queries = self.cr.sql_log_count - before
            self.assertEqual(set(reviews.mapped("state")), {"spam"})
            return queries

        count(partners[:1])  # warm up
        self.assertEqual(count(partners[:1]), count(partners[1:]))
