from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged, users, warmup

from .common import GestureCase


@tagged("post_install", "-at_install")
class TestGestureAccess(GestureCase):
    """Review managers offer any gesture; place staff, on the reviews they
    handle, up to the company's limit (0: managers only); nobody else."""

    def assertNothingOffered(self, review=None):
        review = review or self.alert_a
        self.assertFalse(self._cards(review))
        self.assertFalse(
            review.message_ids.filtered(lambda m: "Goodwill gesture" in (m.body or "")),
            "nothing logged",
        )

    def test_staff_within_the_limit(self):
        self.company.review_gesture_max_amount = 20
        _action, coupon = self._offer(self.user_a, self.alert_a, self.coupon_10)
        self.assertEqual(coupon.partner_id, self.customer)
        self.assertEqual(coupon.create_uid, self.user_a, "offered by the staff")
        _action, gift = self._offer(
            self.user_a, self.alert_a, self.gift_card, amount=20
        )
        self.assertEqual(gift.points, 20)
        self.assertEqual(len(self._cards()), 2)

    def test_staff_above_the_limit(self):
        self.company.review_gesture_max_amount = 9.99
        with self.assertRaisesRegex(UserError, "worth .*10.00.* up to .*9.99"):
            self._wizard(self.user_a, self.alert_a, self.coupon_10).action_confirm()
        with self.assertRaisesRegex(UserError, "worth"):
            self._wizard(
                self.user_a, self.alert_a, self.gift_card, amount=10
            ).action_confirm()
        self.assertNothingOffered()

    def test_capped_percentage_is_worth_its_cap(self):
        self.company.review_gesture_max_amount = 14
        with self.assertRaisesRegex(UserError, "worth"):
            self._wizard(self.user_a, self.alert_a, self.coupon_capped).action_confirm()
        self.company.review_gesture_max_amount = 15
        self._offer(self.user_a, self.alert_a, self.coupon_capped)

    def test_no_fixed_value_is_for_managers(self):
        self.company.review_gesture_max_amount = 1000
        with self.assertRaisesRegex(UserError, "no fixed value"):
            self._wizard(
                self.user_a, self.alert_a, self.coupon_percent
            ).action_confirm()
        self.assertNothingOffered()
        _action, card = self._offer(self.manager, self.alert_a, self.coupon_percent)
        self.assertEqual(card.review_gesture_amount, 0)

    def test_zero_means_managers_only(self):
        self.assertEqual(self.company.review_gesture_max_amount, 0, "the default")
        wizard = self._wizard(self.user_a, self.alert_a, self.coupon_10)
        self.assertEqual(wizard.limit_note, "Only review managers offer gestures.")
        with self.assertRaisesRegex(UserError, "Only review managers"):
            wizard.action_confirm()
        self.assertNothingOffered()
        manager_wizard = self._wizard(self.manager, self.alert_a, self.gift_card)
        self.assertFalse(manager_wizard.limit_note)
        manager_wizard.amount = 500
        manager_wizard.action_confirm()
        self.assertEqual(self._cards().review_gesture_amount, 500)

    def test_limit_note_for_staff(self):
        self.company.review_gesture_max_amount = 20
        wizard = self._wizard(self.user_a, self.alert_a, self.coupon_10)
        self.assertIn("20.00", wizard.limit_note)

    def test_staff_of_another_place(self):
        self.company.review_gesture_max_amount = 20
        with self.assertRaises(AccessError):
            self.alert_a.with_user(self.user_b).action_offer_gesture()
        with self.assertRaises(AccessError):
            self._wizard(self.user_b, self.alert_a, self.coupon_10)
        # a wizard of another user, or moved to a review they may not act on
        wizard = self._wizard(self.user_a, self.alert_a, self.coupon_10)
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_b).action_confirm()
        self.assertNothingOffered()

    def test_viewer_offers_nothing(self):
        with self.assertRaises(AccessError):
            self.alert_a.with_user(self.viewer).action_offer_gesture()
        with self.assertRaises(AccessError):
            self._wizard(self.viewer, self.alert_a, self.coupon_10)
        self.assertNothingOffered()

    def test_other_company(self):
        """A manager of the other company reaches neither the review nor, for
        a review of theirs, this company's programs."""
        with self.assertRaises(AccessError):
            self.alert_a.with_user(self.manager_y).action_offer_gesture()
        with self.assertRaises(AccessError):
            self._wizard(self.manager_y, self.alert_a, self.coupon_y)
        self.assertNothingOffered()
        self.review_y.partner_id = self.customer
        with self.assertRaises(AccessError):
            self._wizard(self.manager_y, self.review_y, self.coupon_10).action_confirm()
        # a manager of both companies, both of them active
        both = self.company | self.company_y
        manager_xy = new_test_user(
            self.env,
            login="review_manager_xy",
            groups="review_inbox.group_review_inbox_manager",
            company_id=self.company.id,
            company_ids=both.ids,
        )
        wizard = self.env["review.gesture.wizard"].with_user(manager_xy)
        wizard = wizard.with_context(
            allowed_company_ids=both.ids, default_review_id=self.review_y.id
        ).create({"program_id": self.coupon_10.id})
        with self.assertRaisesRegex(UserError, "another company"):
            wizard.action_confirm()
        self.assertNothingOffered(self.review_y)
        self._offer(self.manager_y, self.review_y, self.coupon_y)
        self.assertEqual(len(self._cards(self.review_y)), 1)

    def test_staff_see_no_loyalty_card_directly(self):
        """The gestures show on the review; the cards themselves stay
        loyalty's (staff have no right on them)."""
        self._offer(self.manager, self.alert_a, self.coupon_10)
        with self.assertRaises(AccessError):
            self.env["loyalty.card"].with_user(self.user_a).search([])
        with self.assertRaises(AccessError):
            self.alert_a.with_user(self.user_b).read(["gesture_summary"])

    @users("place_a_user")
    @warmup
    def test_gestures_read_in_one_query(self):
        """The cards of a page of reviews come in one query."""
        for _index in range(3):
            self._offer(self.manager, self.alert_a, self.coupon_10)
        self._offer(self.manager, self.review_a, self.coupon_10)
        reviews = (self.alert_a | self.review_a).with_env(self.env)
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            counts = [len(review.gesture_card_ids) for review in reviews]
        self.assertEqual(counts, [3, 1])
