from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import GestureCase


@tagged("post_install", "-at_install")
class TestGesture(GestureCase):
    """A coupon or a gift card offered from a review: for its customer,
    without the program's email, logged, shown on the review."""

    def test_manager_offers_a_coupon(self):
        action, card = self._offer(self.manager, self.alert_a, self.coupon_10)
        self.assertEqual(card.partner_id, self.customer)
        self.assertEqual(card.program_id, self.coupon_10)
        self.assertEqual(card.review_id, self.alert_a)
        self.assertEqual(card.review_place_id, self.place_a)
        self.assertEqual(card.points, 1, "one claim of its reward")
        self.assertEqual(card.review_gesture_amount, 10)
        self.assertEqual(self.alert_a.gesture_card_ids, card)
        self.assertEqual(card.history_ids.issued, 1)
        self.assertIn("Place A", card.history_ids.description)
        # the code goes into the reply being written, then the wizard closes
        self.assertEqual(action["tag"], "review_inbox_loyalty.insert_in_reply")
        self.assertEqual(action["params"]["review_id"], self.alert_a.id)
        self.assertEqual(action["params"]["text"], card.code)
        notification = action["params"]["next"]
        self.assertIn(card.code, notification["params"]["message"])
        self.assertEqual(
            notification["params"]["next"], {"type": "ir.actions.act_window_close"}
        )

    def test_logged_in_the_chatter_and_treated(self):
        self.assertFalse(self.alert_a.is_treated)
        _action, card = self._offer(self.manager, self.alert_a, self.coupon_10)
        note = self.alert_a.message_ids[0]
        self.assertIn("Goodwill gesture offered", note.body)
        self.assertIn(card.code, note.body)
        self.assertIn("10.00", note.body)
        self.assertEqual(note.author_id, self.manager.partner_id)
        self.assertTrue(self.alert_a.is_treated)
        self.assertTrue(self.alert_a.last_action_date)

    def test_no_program_email(self):
        """loyalty sends the program's "at creation" email to the card's
        customer: not for a gesture, whose code goes into the reply."""
        template = self.coupon_10.communication_plan_ids.mail_template_id
        self.assertTrue(template, "the program has its creation email")
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        self._offer(self.manager, self.alert_a, self.coupon_10)
        self._offer(self.manager, self.alert_a, self.gift_card, amount=30)
        self.assertFalse(Mail.search([]) - before, "no email queued")
        # as loyalty would do for a card created another way
        self.env["loyalty.card"].create(
            {"program_id": self.coupon_10.id, "partner_id": self.customer.id}
        )
        self.assertEqual(
            (Mail.search([]) - before).recipient_ids,
            self.customer,
            "a card created otherwise gets the program's email",
        )

    def test_gift_card_amount(self):
        _action, card = self._offer(
            self.manager, self.alert_a, self.gift_card, amount=25
        )
        self.assertEqual(card.points, 25)
        self.assertEqual(card.review_gesture_amount, 25)
        for amount in (0, -5):
            with self.subTest(amount=amount):
                with self.assertRaisesRegex(UserError, "how much"):
                    self._wizard(
                        self.manager, self.alert_a, self.gift_card, amount=amount
                    ).action_confirm()
        self.assertEqual(len(self._cards()), 1)

    def test_coupon_value_is_its_reward(self):
        """A typed value does not change a coupon's: it is its reward's."""
        cases = [
            (self.coupon_10, 10, True),
            (self.coupon_capped, 15, True),
            (self.coupon_percent, 0, False),
        ]
        for program, value, fixed in cases:
            with self.subTest(program=program.name):
                wizard = self._wizard(self.manager, self.alert_a, program)
                self.assertEqual(wizard.amount, value)
                self.assertEqual(wizard.has_fixed_value, fixed)
                _action, card = self._offer(
                    self.manager, self.alert_a, program, amount=999
                )
                self.assertEqual(card.review_gesture_amount, value)

    def test_expiry(self):
        tomorrow = self._today() + timedelta(days=1)
        _action, card = self._offer(
            self.manager, self.alert_a, self.coupon_10, expiration_date=tomorrow
        )
        self.assertEqual(card.expiration_date, tomorrow)
        with self.assertRaisesRegex(UserError, "past"):
            self._wizard(
                self.manager,
                self.alert_a,
                self.coupon_10,
                expiration_date=self._today() - timedelta(days=1),
            ).action_confirm()
        self.coupon_10.date_to = self._today() + timedelta(days=10)
        wizard = self._wizard(self.manager, self.alert_a, self.coupon_10)
        self.assertEqual(wizard.expiration_date, self.coupon_10.date_to)
        with self.assertRaisesRegex(UserError, "cannot be valid longer"):
            wizard.expiration_date = self._today() + timedelta(days=11)
            wizard.action_confirm()
        self.assertEqual(len(self._cards()), 1)

    def test_programs_that_cannot_be_offered(self):
        promotion = self.env["loyalty.program"].create(
            {"name": "Promotion", "program_type": "promotion"}
        )
        ended = self.coupon_10.copy({"name": "Ended"})
        ended.date_to = self._today() - timedelta(days=1)
        archived = self.coupon_10.copy({"name": "Archived"})
        archived.active = False
        for program, message in (
            (promotion, "coupon or a gift card"),
            (ended, "ended on"),
            (archived, "coupon or a gift card"),
            (self.coupon_y, "another company"),
        ):
            with self.subTest(program=program.name):
                with self.assertRaisesRegex(UserError, message):
                    self._wizard(self.manager, self.alert_a, program).action_confirm()
        self.assertFalse(self._cards())

    def test_program_choices(self):
        """The wizard offers the review's company's coupon and gift card
        programs, not the other company's nor other kinds."""
        self.env["loyalty.program"].create(
            {"name": "Promotion", "program_type": "promotion"}
        )
        wizard = self._wizard(self.user_a, self.alert_a, self.coupon_10)
        domain = safe_eval(
            wizard._fields["program_id"].domain, {"company_id": wizard.company_id.id}
        )
        choices = self.env["loyalty.program"].with_user(self.user_a).search(domain)
        self.assertEqual(set(choices.mapped("program_type")), {"coupons", "gift_card"})
        self.assertIn(self.coupon_10, choices)
        self.assertIn(self.gift_card, choices)
        self.assertNotIn(self.coupon_y, choices)

    def test_needs_a_customer(self):
        self.assertFalse(self.review_b.partner_id)
        with self.assertRaisesRegex(UserError, "no customer"):
            self.review_b.with_user(self.manager).action_offer_gesture()
        with self.assertRaisesRegex(UserError, "no customer"):
            self._wizard(self.manager, self.review_b, self.coupon_10)
        self.assertFalse(self._cards(self.review_b))

    def test_action_opens_the_wizard(self):
        action = self.alert_a.with_user(self.user_a).action_offer_gesture()
        self.assertEqual(action["res_model"], "review.gesture.wizard")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"], {"default_review_id": self.alert_a.id})

    def test_shown_on_the_review(self):
        self.assertFalse(self.alert_a.gesture_summary)
        _action, coupon = self._offer(
            self.manager,
            self.alert_a,
            self.coupon_10,
            expiration_date=self._today() + timedelta(days=30),
        )
        _action, gift = self._offer(
            self.manager, self.alert_a, self.gift_card, amount=25
        )
        review = self.alert_a.with_user(self.user_a)
        self.assertEqual(review.gesture_card_ids.ids, [gift.id, coupon.id])
        summary = str(review.gesture_summary)
        for text in (coupon.code, gift.code, "Goodwill 10", "10.00", "25.00"):
            self.assertIn(text, summary)
        self.assertIn("Not used yet", summary)
        self.assertLess(summary.index(gift.code), summary.index(coupon.code))

    def test_staff_read_the_whole_review(self):
        """Place staff have no right on loyalty cards: reading every field
        of their review, the gestures included, still works."""
        self._offer(self.manager, self.alert_a, self.coupon_10)
        values = self.alert_a.with_user(self.user_a).read()[0]
        self.assertEqual(len(values["gesture_card_ids"]), 1)
        self.assertIn("Goodwill 10", values["gesture_summary"])

    def test_card_of_another_company(self):
        card = self.env["loyalty.card"].create({"program_id": self.coupon_y.id})
        with self.assertRaisesRegex(ValidationError, "another company"):
            card.review_id = self.alert_a

    def test_expired_gesture(self):
        _action, card = self._offer(self.manager, self.alert_a, self.coupon_10)
        self.assertNotIn("Expired", str(self.alert_a.gesture_summary))
        card.expiration_date = self._today() - timedelta(days=1)
        self.assertIn("Expired", str(self.alert_a.gesture_summary))

    def test_company_limit_is_not_negative(self):
        with self.assertRaises(ValidationError):
            self.company.review_gesture_max_amount = -1
