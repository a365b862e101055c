import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.review_message import INBOX_CHANGED, REPLYING
from .common import ReviewInboxCase


def add_place_a_colleague(cls):
    """Sophie, a second member of Place A's staff, as ``cls.user_a2`` (of a
    ReviewInboxCase class): Alice's colleague on the same reviews."""
    with cls.quiet_set_up():
        cls.user_a2 = new_test_user(
            cls.env,
            login="place_a_user2",
            name="Sophie Martin",
            groups="review_inbox.group_review_inbox_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.place_a.user_ids = [Command.link(cls.user_a2.id)]


class LiveInboxMixin:
    """The bus messages a test's transaction would send at commit."""

    def _reset_bus(self):
        self.env.cr.precommit.run()  # what the set-up left to send
        self.env["bus.bus"].sudo().search([]).unlink()

    def _bus_messages(self, notification_type):
        """{partner id: [payload, ...]} of the messages of that type."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # the bus.bus rows are created at commit
        messages = {}
        for row in self.env["bus.bus"].sudo().search([], order="id"):
            channel = json.loads(row.channel)
            message = json.loads(row.message)
            if message["type"] != notification_type:
                continue
            self.assertEqual(channel[1], "res.partner", channel)
            messages.setdefault(channel[2], []).append(message["payload"])
        return messages

    def _partners(self, *users):
        return {user.partner_id.id for user in users}


@tagged("post_install", "-at_install")
class TestLiveInbox(LiveInboxMixin, ReviewInboxCase):
    """Reviews entering or leaving the Inbox reach the open inboxes of the
    users who may read them, and of nobody else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add_place_a_colleague(cls)

    def setUp(self):
        super().setUp()
        self._reset_bus()

    def _author(self, place):
        return {self.place_y: self.manager_y}.get(place, self.manager)

    def _create(self, place, count=1, **values):
        return (
            self.env["review.message"]
            .with_user(self._author(place))
            .create(
                [
                    dict(
                        {"place_id": place.id, "rating": 4, "body": f"Nice {n}"},
                        **values,
                    )
                    for n in range(count)
                ]
            )
        )

    def test_new_review_reaches_its_readers_only(self):
        review = self._create(self.place_a)
        messages = self._bus_messages(INBOX_CHANGED)
        # the place's staff, the company's viewers and managers; not the
        # staff of place B nor the manager of the other company
        self.assertEqual(
            set(messages),
            self._partners(self.user_a, self.user_a2, self.viewer, self.manager),
        )
        for payloads in messages.values():
            self.assertEqual(payloads, [{"review_ids": review.ids}])

    def test_batch_makes_one_message_per_user(self):
        reviews_a = self._create(self.place_a, 3)
        reviews_b = self._create(self.place_b, 2)
        messages = self._bus_messages(INBOX_CHANGED)
        self.assertEqual(
            messages[self.user_a.partner_id.id], [{"review_ids": reviews_a.ids}]
        )
        self.assertEqual(
            messages[self.user_b.partner_id.id], [{"review_ids": reviews_b.ids}]
        )
        both = sorted((reviews_a | reviews_b).ids)
        for user in (self.viewer, self.manager):
            self.assertEqual(messages[user.partner_id.id], [{"review_ids": both}])
        self.assertNotIn(self.manager_y.partner_id.id, messages)

    def test_api_batch_and_mail_gateway(self):
        """Every way in goes through create: the API's batch makes one
        message per user (at the end of its savepoint), a review by email
        one more."""
        Review = self.env["review.message"].with_user(self.user_a)
        Review._api_import(
            [
                {
                    "source": "google",
                    "external_id": f"live-{n}",
                    "place_code": "A",
                    "rating": 4,
                    "body": f"From the API {n}",
                }
                for n in range(3)
            ]
        )
        self.env["review.message"].sudo().message_new(
            {
                "email_from": "Dan <dan@customer.test>",
                "subject": "Opening hours",
                "body": "<p>Open on Sunday?</p>",
            },
            {"place_id": self.place_a.id},
        )
        reviews = self.env["review.message"].search(
            [("place_id", "=", self.place_a.id)], order="id desc", limit=4
        )
        self.assertEqual(sorted(reviews.mapped("source")), ["api"] * 3 + ["email"])
        api_reviews, email_review = reviews[1:], reviews[0]
        self.assertEqual(
            self._bus_messages(INBOX_CHANGED)[self.user_a.partner_id.id],
            [
                {"review_ids": sorted(api_reviews.ids)},
                {"review_ids": email_review.ids},
            ],
        )

    def test_other_company(self):
        review = self._create(self.place_y)
        messages = self._bus_messages(INBOX_CHANGED)
        self.assertEqual(set(messages), self._partners(self.manager_y))
        self.assertEqual(
            messages[self.manager_y.partner_id.id], [{"review_ids": review.ids}]
        )

    def test_staff_outside_the_company_or_the_group(self):
        """Staff of the place whose companies or rights do not reach it read
        none of its reviews: they hear of none."""
        outsider = new_test_user(
            self.env,
            login="place_a_outsider",
            groups="review_inbox.group_review_inbox_user",
            company_id=self.company_y.id,
            company_ids=self.company_y.ids,
        )
        no_right = new_test_user(
            self.env,
            login="place_a_no_right",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        self.place_a.user_ids = [Command.link(outsider.id), Command.link(no_right.id)]
        self._reset_bus()
        self._create(self.place_a)
        messages = self._bus_messages(INBOX_CHANGED)
        self.assertNotIn(outsider.partner_id.id, messages)
        self.assertNotIn(no_right.partner_id.id, messages)
        self.assertIn(self.user_a.partner_id.id, messages)

    def test_archived_place_keeps_its_staff_out(self):
        """An archived place gives its staff no access: its reviews go to the
        managers and viewers only."""
        self.place_b.active = False
        self._reset_bus()
        self.review_b.sudo().action_done()
        messages = self._bus_messages(INBOX_CHANGED)
        self.assertEqual(set(messages), self._partners(self.viewer, self.manager))

    def test_alert_pops_up(self):
        body = "Cold " * 40
        review = self._create(self.place_a, rating=1, body=body)
        self.assertTrue(review.is_alert)
        [payload] = self._bus_messages(INBOX_CHANGED)[self.user_a.partner_id.id]
        [alert] = payload["alerts"]
        self.assertEqual(alert["id"], review.id)
        self.assertEqual(alert["place"], "Place A")
        self.assertEqual(len(alert["preview"]), 120)
        self.assertTrue(alert["preview"].startswith("Cold Cold"))
        self.assertTrue(alert["preview"].endswith("\u2026"))

    def test_alert_place_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.place_a.with_context(lang="fr_FR").name = "Lieu A"
        self.manager.lang = "fr_FR"
        self._reset_bus()
        self._create(self.place_a, rating=1)
        messages = self._bus_messages(INBOX_CHANGED)
        [french] = messages[self.manager.partner_id.id]
        [english] = messages[self.user_a.partner_id.id]
        self.assertEqual(french["alerts"][0]["place"], "Lieu A")
        self.assertEqual(english["alerts"][0]["place"], "Place A")

    def test_review_moved_to_spam_at_once_is_not_announced(self):
        """A blocked sender's review goes straight to Spam: no inbox changed."""
        self.review_a.with_user(self.user_a).action_spam_block_sender()
        self._reset_bus()
        review = self._create(self.place_a, partner_id=self.customer.id)
        self.assertEqual(review.state, "spam")
        self.assertEqual(self._bus_messages(INBOX_CHANGED), {})

    def test_rolled_back_review_sends_nothing(self):
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self._create(self.place_a)
            self.env.flush_all()
            raise RuntimeError("rolled back")
        self.env.invalidate_all()
        self.assertEqual(self._bus_messages(INBOX_CHANGED), {})

    def test_entering_and_leaving_the_inbox(self):
        review = self.review_a.with_user(self.user_a)
        review.action_done()
        messages = self._bus_messages(INBOX_CHANGED)
        self.assertEqual(
            messages[self.user_a.partner_id.id], [{"review_ids": review.ids}]
        )
        self.assertNotIn(self.user_b.partner_id.id, messages)
        self._reset_bus()
        review.action_inbox()
        self.assertEqual(
            self._bus_messages(INBOX_CHANGED)[self.user_a2.partner_id.id],
            [{"review_ids": review.ids}],
        )

    def test_customer_answer_brings_a_review_back(self):
        self.review_a.with_user(self.user_a).send_reply("Thank you!")
        self.review_a.with_user(self.user_a).action_done()
        self._reset_bus()
        self.review_a.sudo()._receive_customer_answer("Still cold", "email")
        self.assertEqual(self.review_a.state, "inbox")
        messages = self._bus_messages(INBOX_CHANGED)
        self.assertEqual(
            messages[self.user_a.partner_id.id], [{"review_ids": self.review_a.ids}]
        )

    def test_changes_within_the_inbox_send_nothing(self):
        review = self.review_a.with_user(self.user_a)
        review.action_hold("Calls back on Monday")  # stays in the Inbox
        review.write({"is_alert": True, "body": "Lovely staff, cold food"})
        self.assertEqual(self._bus_messages(INBOX_CHANGED), {})

    # ------------------------------------------------------------------
    # The readers come from a registry cache: each change that matters
    # shows in the messages of the next review
    # ------------------------------------------------------------------

    def _told_after(self, change, place=None):
        """The partners told of a new review of ``place`` (Place A) after
        ``change()``, once a first review of its company cached its readers."""
        place = place or self.place_a
        self._create(place)
        self._reset_bus()  # sent: the readers are cached
        change()
        self._reset_bus()
        self._create(place)
        return set(self._bus_messages(INBOX_CHANGED))

    def _new_user(self, login, group):
        return new_test_user(
            self.env,
            login=login,
            groups=group,
            company_id=self.company.id,
            company_ids=self.company.ids,
        )

    def test_new_viewer_is_told(self):
        viewers = []

        def change():
            viewers.append(
                self._new_user("new_viewer", "review_inbox.group_review_inbox_viewer")
            )

        told = self._told_after(change)
        self.assertIn(viewers[0].partner_id.id, told)

    def test_new_staff_of_the_place_is_told(self):
        staff = []

        def change():
            staff.append(
                self._new_user("new_staff", "review_inbox.group_review_inbox_user")
            )
            self.place_a.user_ids = [Command.link(staff[0].id)]

        told = self._told_after(change)
        self.assertIn(staff[0].partner_id.id, told)

    def _assert_sophie_not_told(self, change):
        told = self._told_after(change)
        self.assertNotIn(self.user_a2.partner_id.id, told)
        self.assertIn(self.user_a.partner_id.id, told)

    def test_staff_leaving_the_place_is_not_told(self):
        def change():
            self.place_a.user_ids = [Command.unlink(self.user_a2.id)]

        self._assert_sophie_not_told(change)

    def test_staff_losing_the_group_is_not_told(self):
        def change():
            group = self.env.ref("review_inbox.group_review_inbox_user")
            self.user_a2.groups_id = [Command.unlink(group.id)]

        self._assert_sophie_not_told(change)

    def test_archived_staff_is_not_told(self):
        def change():
            self.user_a2.active = False

        self._assert_sophie_not_told(change)

    def test_staff_leaving_the_company_is_not_told(self):
        def change():
            self.user_a2.write(
                {"company_id": self.company_y.id, "company_ids": self.company_y.ids}
            )

        self._assert_sophie_not_told(change)

    def test_user_removed_from_the_company_is_not_told(self):
        """Through the company's own list of users too."""
        viewer = new_test_user(
            self.env,
            login="two_company_viewer",
            groups="review_inbox.group_review_inbox_viewer",
            company_id=self.company_y.id,
            company_ids=(self.company | self.company_y).ids,
        )

        def change():
            self.company.user_ids = [Command.unlink(viewer.id)]

        told = self._told_after(change)
        self.assertNotIn(viewer.partner_id.id, told)
        self.assertIn(self.viewer.partner_id.id, told)

    def test_staff_of_an_archived_place_are_not_told(self):
        def change():
            self.place_a.active = False

        told = self._told_after(change)
        self.assertEqual(told, self._partners(self.viewer, self.manager))

    def test_place_moved_to_another_company(self):
        """Its staff hear of its reviews in its new company (as long as they
        belong to it too)."""
        self.user_b.company_ids = [Command.link(self.company_y.id)]
        place = self.env["review.place"].create(
            {
                "name": "Moving place",
                "code": "MOVING",
                "company_id": self.company.id,
                "user_ids": [Command.link(self.user_b.id)],
            }
        )

        self._create(self.place_y)
        self._reset_bus()  # sent: the readers of the other company are cached
        place.company_id = self.company_y
        self._reset_bus()
        self.env["review.message"].with_user(self.manager_y).create(
            {"place_id": place.id, "rating": 4, "body": "Moved"}
        )
        self.assertEqual(
            set(self._bus_messages(INBOX_CHANGED)),
            self._partners(self.user_b, self.manager_y),
        )

    def test_alert_follows_a_change_of_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.place_a.with_context(lang="fr_FR").name = "Lieu A"

        self._create(self.place_a, rating=1)
        self._reset_bus()  # sent: the readers are cached
        self.manager.lang = "fr_FR"
        self._reset_bus()
        self._create(self.place_a, rating=1)
        [french] = self._bus_messages(INBOX_CHANGED)[self.manager.partner_id.id]
        self.assertEqual(french["alerts"][0]["place"], "Lieu A")

    # ------------------------------------------------------------------
    # "Sophie is replying"
    # ------------------------------------------------------------------

    def test_replying_reaches_the_others(self):
        self.review_a.with_user(self.user_a2).action_notify_replying()
        messages = self._bus_messages(REPLYING)
        # not the sender, not the staff of another place
        self.assertEqual(
            set(messages), self._partners(self.user_a, self.viewer, self.manager)
        )
        expected = {
            "review_id": self.review_a.id,
            "partner_id": self.user_a2.partner_id.id,
            "name": "Sophie",
            "is_replying": True,
        }
        for payloads in messages.values():
            self.assertEqual(payloads, [expected])
        self._reset_bus()
        self.review_a.with_user(self.user_a2).action_notify_replying(is_replying=False)
        payloads = self._bus_messages(REPLYING)[self.user_a.partner_id.id]
        self.assertEqual(payloads, [dict(expected, is_replying=False)])

    def test_replying_needs_write_access(self):
        for user in (self.viewer, self.user_b, self.manager_y):
            with self.assertRaises(AccessError, msg=user.login):
                self.review_a.with_user(user).action_notify_replying()
        self.assertEqual(self._bus_messages(REPLYING), {})
        # a manager handles every review of the company
        self.review_a.with_user(self.manager).action_notify_replying()
        self.assertIn(self.user_a.partner_id.id, self._bus_messages(REPLYING))

    # ------------------------------------------------------------------
    # Systray counter
    # ------------------------------------------------------------------

    def _systray(self, user):
        return self.env["res.users"].with_user(user).review_inbox_systray()

    def _count(self, user):
        return self._systray(user)["count"]

    def test_systray_counts_the_users_inbox(self):
        self.assertEqual(self._count(self.user_a), 2)
        self.assertEqual(self._count(self.user_b), 1)
        self.assertEqual(self._count(self.viewer), 3)
        self.assertEqual(self._count(self.manager_y), 1)
        self.review_a.with_user(self.user_a).action_done()
        self.assertEqual(self._count(self.user_a), 1)
        self.assertEqual(self._count(self.manager), 2)

    def test_systray_says_which_bus_messages_it_counted(self):
        """The web client ignores the bus messages up to that id: the bus
        sends the last ones again to a new tab, already counted."""
        self._create(self.place_a)
        self._bus_messages(INBOX_CHANGED)
        last = self.env["bus.bus"].sudo().search([], order="id desc", limit=1)
        self.assertTrue(last)
        self.assertEqual(self._systray(self.user_a)["bus_id"], last.id)

    def test_systray_hidden_without_a_right(self):
        employee = new_test_user(
            self.env,
            login="plain_employee",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        self.assertIs(self._systray(employee), False)

    def test_systray_queries(self):
        """One query counts, one more reads the last bus message."""
        systray = self.env["res.users"].with_user(self.user_a)
        systray.review_inbox_systray()  # caches: groups, the user's places
        with self.assertQueryCount(2):
            self.assertEqual(systray.review_inbox_systray()["count"], 2)
