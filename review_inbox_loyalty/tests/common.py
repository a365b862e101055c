from odoo import Command, fields

from odoo.addons.review_inbox.tests.common import ReviewInboxCase


class GestureCase(ReviewInboxCase):
    """The core's companies, places and users, and the gesture programs of
    the first company: coupons of a fixed value (10), of a capped percentage
    (worth 15 at most), of an uncapped percentage (no fixed value), a gift
    card program, and a coupon program of the other company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.quiet_set_up():
            cls._create_gesture_fixtures()

    @classmethod
    def _coupon_program(cls, name, reward, company=None):
        return cls.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "coupons",
                "company_id": (company or cls.company).id,
                "trigger": "with_code",
                "applies_on": "current",
                "rule_ids": [Command.clear()],
                # loyalty's own email to the customer when a coupon is created
                "communication_plan_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "trigger": "create",
                            "mail_template_id": cls.env.ref(
                                "loyalty.mail_template_loyalty_card"
                            ).id,
                        }
                    ),
                ],
                "reward_ids": [
                    Command.clear(),
                    Command.create(
                        dict(
                            {
                                "reward_type": "discount",
                                "discount_applicability": "order",
                                "required_points": 1,
                            },
                            **reward,
                        )
                    ),
                ],
            }
        )

    @classmethod
    def _create_gesture_fixtures(cls):
        cls.coupon_10 = cls._coupon_program(
            "Goodwill 10", {"discount_mode": "per_order", "discount": 10}
        )
        cls.coupon_capped = cls._coupon_program(
            "Ten percent up to 15",
            {"discount_mode": "percent", "discount": 10, "discount_max_amount": 15},
        )
        cls.coupon_percent = cls._coupon_program(
            "Ten percent", {"discount_mode": "percent", "discount": 10}
        )
        cls.coupon_y = cls._coupon_program(
            "Other Corp goodwill",
            {"discount_mode": "per_order", "discount": 5},
            company=cls.company_y,
        )
        cls.gift_card = cls.env["loyalty.program"].create(
            {
                "name": "Goodwill gift card",
                "program_type": "gift_card",
                "company_id": cls.company.id,
            }
        )
        cls.Card = cls.env["loyalty.card"].with_context(active_test=False)

    def _wizard(self, user, review, program, **values):
        """The wizard as ``user`` opens it from ``review``, ``program`` chosen."""
        return (
            self.env["review.gesture.wizard"]
            .with_user(user)
            .with_context(default_review_id=review.id)
            .create(dict({"program_id": program.id}, **values))
        )

    def _offer(self, user, review, program, **values):
        """Offer a gesture as ``user``: the wizard's action, its card."""
        action = self._wizard(user, review, program, **values).action_confirm()
        card = self.Card.search([("code", "=", action["params"]["text"])])
        self.assertEqual(len(card), 1)
        return action, card

    def _cards(self, review=None):
        return self.Card.search([("review_id", "=", (review or self.alert_a).id)])

    @staticmethod
    def _today():
        return fields.Date.today()
