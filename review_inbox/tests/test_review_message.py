from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import ReviewInboxCase


@tagged("post_install", "-at_install")
class TestReviewMessage(ReviewInboxCase):
    def _new(self, **vals):
        return self.env["review.message"].create(
            dict({"place_id": self.place_a.id, "body": "Hello"}, **vals)
        )

    # --- priority and alerts -------------------------------------------

    def test_company_comes_from_place(self):
        self.assertEqual(self.review_a.company_id, self.company)
        self.assertEqual(self.review_y.company_id, self.company_y)

    def test_alert_from_company_threshold(self):
        self.assertEqual(self.company.review_alert_threshold, 2)
        self.assertTrue(self._new(rating=1).is_alert)
        self.assertTrue(self._new(rating=2).is_alert)
        self.assertFalse(self._new(rating=3).is_alert)
        self.assertFalse(self._new(rating=0).is_alert, "no rating is no alert")
        self.company.review_alert_threshold = 3
        self.assertTrue(self._new(rating=3).is_alert)

    def test_alert_source_says_otherwise_and_staff_override(self):
        review = self._new(rating=1, is_alert=False)
        self.assertFalse(review.is_alert)
        self.assertEqual(review.priority, "new")
        review = self._new(rating=5, is_alert=True)
        self.assertEqual(review.priority, "alert")
        review.with_user(self.user_a).is_alert = False
        self.assertEqual(review.priority, "new")

    def test_alert_threshold_bounds(self):
        with self.assertRaises(ValidationError):
            self.company.review_alert_threshold = 6

    def test_priority_hold_then_alert_then_new(self):
        self.assertEqual(self.alert_a.priority, "alert")
        self.assertEqual(self.review_a.priority, "new")
        self.alert_a.action_hold("Waiting for the manager")
        self.assertEqual(self.alert_a.priority, "hold")
        self.review_a.action_hold("Call back tomorrow")
        self.assertEqual(self.review_a.priority, "hold")
        self.alert_a.action_release_hold()
        self.assertEqual(self.alert_a.priority, "alert")
        self.assertFalse(self.alert_a.hold_reason)

    def test_kanban_columns_always_in_order(self):
        groups = (
            self.env["review.message"]
            .with_user(self.user_b)
            .web_read_group([("state", "=", "inbox")], ["priority"], ["priority"])
        )["groups"]
        self.assertEqual([g["priority"] for g in groups], ["hold", "alert", "new"])
        self.assertEqual([g["priority_count"] for g in groups], [0, 0, 1])

    # --- tracking ------------------------------------------------------

    def test_changes_are_tracked(self):
        """The shared set-up creates its records without chatter
        (QUIET_CONTEXT), but hands them to the tests in the plain context,
        their tracking flushed: what a test changes on them is tracked as in
        production."""
        review = self.review_a.with_user(self.user_a)
        review.user_id = self.user_a
        review.is_alert = True
        self.env.cr.flush()  # tracking values are written before the commit
        # tracking values are the administrators' to read
        tracking = self.review_a.message_ids.tracking_value_ids
        self.assertEqual(set(tracking.field_id.mapped("name")), {"user_id", "is_alert"})
        self.assertEqual(review.message_ids.author_id, self.user_a.partner_id)

    # --- actions ---------------------------------------------------------

    def _assert_logged(self, review, text, user):
        message = review.message_ids[0]
        self.assertIn(text, message.body)
        self.assertEqual(message.author_id, user.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(review.is_treated)
        self.assertTrue(review.last_action_date)

    def test_done_spam_inbox(self):
        review = self.review_a.with_user(self.user_a)
        self.assertFalse(review.is_treated)
        review.action_done()
        self.assertEqual(review.state, "done")
        self._assert_logged(review, "Marked as Done", self.user_a)
        review.action_spam()
        self.assertEqual(review.state, "spam")
        self._assert_logged(review, "Marked as Spam", self.user_a)
        review.action_inbox()
        self.assertEqual(review.state, "inbox")
        self._assert_logged(review, "back to the Inbox", self.user_a)

    def test_bulk_actions(self):
        reviews = (self.review_a | self.alert_a).with_user(self.user_a)
        reviews.action_done()
        self.assertEqual(set(reviews.mapped("state")), {"done"})
        self.assertTrue(all(reviews.mapped("is_treated")))

    def test_hold_needs_a_reason(self):
        review = self.review_a.with_user(self.user_a)
        messages = len(review.message_ids)
        with self.assertRaises(UserError):
            review.action_hold("   ")
        self.assertFalse(review.is_on_hold)
        self.assertFalse(review.is_treated)
        self.assertEqual(len(review.message_ids), messages)

    def test_hold_logs_and_returns_to_inbox(self):
        review = self.review_a.with_user(self.user_a)
        review.action_done()
        review.action_hold("Customer asked to be called on Monday")
        self.assertEqual(review.state, "inbox")
        self.assertEqual(review.hold_reason, "Customer asked to be called on Monday")
        self._assert_logged(
            review, "Customer asked to be called on Monday", self.user_a
        )
        review.action_release_hold()
        self.assertFalse(review.is_on_hold)
        self._assert_logged(review, "released", self.user_a)

    def test_internal_note_is_an_action_and_stays_internal(self):
        review = self.review_a.with_user(self.user_a)
        mails_before = self.env["mail.mail"].search_count([])
        review.message_post(
            body="Spoke with the chef",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertTrue(review.is_treated)
        self.assertTrue(review.last_action_date)
        self.assertNotIn(self.customer, review.message_partner_ids)
        new_mails = self.env["mail.mail"].search([], offset=mails_before)
        self.assertFalse(
            new_mails.filtered(lambda m: self.customer in m.recipient_ids),
            "an internal note is never sent to the customer",
        )

    # --- bad inputs --------------------------------------------------------

    def test_review_without_place(self):
        count = self.env["review.message"].search_count([])
        with self.assertRaisesRegex(ValidationError, "needs a place"):
            self.env["review.message"].create({"body": "orphan", "rating": 3})
        self.assertEqual(self.env["review.message"].search_count([]), count)

    def test_rating_out_of_range(self):
        count = self.env["review.message"].search_count([])
        for rating in (7, -1, 6):
            with self.assertRaisesRegex(ValidationError, "from 0"):
                self._new(rating=rating)
        self.assertEqual(self.env["review.message"].search_count([]), count)
        with self.assertRaises(ValidationError):
            self.review_a.rating = 7
        self.assertEqual(self.review_a.rating, 4)

    def test_rating_check_in_database(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.cr.execute(
                    "UPDATE review_message SET rating = 9 WHERE id = %s",
                    [self.review_a.id],
                )

    def test_place_code_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.env["review.place"].create(
                    {"name": "Again", "code": "A", "company_id": self.company.id}
                )
        other = self.env["review.place"].create(
            {"name": "A elsewhere", "code": "A", "company_id": self.company_y.id}
        )
        self.assertTrue(other)

    # --- counters -----------------------------------------------------------

    def test_inbox_counter(self):
        Review = self.env["review.message"].with_user(self.user_a)

        def counters():
            values = Review.search_panel_select_range(
                "state", enable_counters=True, expand=True
            )
            return {v["id"]: v["__count"] for v in values["values"]}

        # Only the Inbox is counted: Done and Spam hold the whole history.
        self.assertEqual(counters(), {"inbox": 2, "done": 0, "spam": 0})
        self.alert_a.with_user(self.user_a).action_done()
        self.assertEqual(counters(), {"inbox": 1, "done": 0, "spam": 0})

    def test_place_counters(self):
        """Places with reviews in the selected status, and how many."""
        Review = self.env["review.message"].with_user(self.manager)

        def places(state, **kwargs):
            result = Review.search_panel_select_multi_range(
                "place_id",
                enable_counters=True,
                category_domain=[("state", "=", state)],
                limit=200,
                **kwargs,
            )
            return {v["display_name"]: v["__count"] for v in result["values"]}

        self.assertEqual(places("inbox"), {"Place A": 2, "Place B": 1})
        self.assertEqual(places("done"), {})
        self.assertEqual(
            places("inbox", search_domain=[("rating", "=", 5)]), {"Place B": 1}
        )
        self.assertEqual(
            Review.with_user(self.user_a).search_panel_select_multi_range(
                "place_id",
                enable_counters=True,
                category_domain=[("state", "=", "inbox")],
            )["values"],
            [{"id": self.place_a.id, "display_name": "Place A", "__count": 2}],
        )
        self.assertEqual(
            Review.search_panel_select_multi_range(
                "place_id", enable_counters=True, limit=2
            ),
            {"error_msg": "Too many items to display."},
        )

    def test_place_group_counters(self):
        Review = self.env["review.message"].with_user(self.manager)
        result = Review.search_panel_select_multi_range(
            "place_group_ids",
            enable_counters=True,
            expand=True,
            search_domain=[("state", "=", "inbox")],
        )
        counts = {v["id"]: v["__count"] for v in result["values"]}
        self.assertEqual(counts[self.group_ab.id], 3)
        self.assertEqual(
            Review.search_count([("place_group_ids", "in", self.group_ab.ids)]), 3
        )

    def test_place_counts(self):
        self.assertEqual(self.place_a.inbox_count, 2)
        self.alert_a.action_spam()
        self.place_a.invalidate_recordset(["inbox_count", "review_count"])
        self.assertEqual(self.place_a.inbox_count, 1)
        self.assertEqual(self.place_a.review_count, 2)

    def test_customer_properties_defined_by_headquarters(self):
        self.company.review_properties_definition = [
            {"name": "age", "string": "Age", "type": "integer"},
            {
                "name": "segment",
                "string": "Customer segment",
                "type": "selection",
                "selection": [["vip", "VIP"], ["new", "New"]],
            },
        ]
        # the information is the customer's: a new customer, one review
        partner = self.env["res.partner"].create({"name": "Quentin New"})
        review = self._new(
            partner_id=partner.id, customer_properties={"age": 42, "segment": "vip"}
        )
        self.assertEqual(review.customer_properties, {"age": 42, "segment": "vip"})
        read = review.read(["customer_properties"])[0]["customer_properties"]
        values = {p["name"]: p["value"] for p in read}
        self.assertEqual(values, {"age": 42, "segment": "vip"})
        self.assertEqual(
            partner.review_customer_properties, {"age": 42, "segment": "vip"}
        )
        self.assertEqual(partner.review_company_id, self.company)
        self.assertEqual(review.partner_review_count, 1)
        self.assertEqual(self.review_a.partner_review_count, 2)

    def test_icons_tell_alert_type_and_categories(self):
        category = self.env["review.category"].create(
            {"name": "Cleanliness test", "icon": "fa-tint"}
        )
        review = self._new(rating=1, review_type="complaint", category_ids=category.ids)
        self.assertEqual(
            [icon["icon"] for icon in review.review_icons],
            ["fa-exclamation-triangle", "fa-exclamation-circle", "fa-tint"],
        )
        self.assertEqual(review.review_icons[2]["title"], "Cleanliness test")
        review.is_alert = False
        self.assertNotIn(
            "fa-exclamation-triangle", [icon["icon"] for icon in review.review_icons]
        )

    def test_cached_names_and_icons_follow_their_records(self):
        """Place names and category icons come from caches: changing the
        records shows at once."""
        category = self.env["review.category"].create(
            {"name": "Terrace test", "icon": "fa-sun-o"}
        )
        review = self._new(review_type="review", category_ids=category.ids)
        self.assertIn("fa-sun-o", [icon["icon"] for icon in review.review_icons])
        category.icon = "fa-umbrella"
        self.env.invalidate_all()
        self.assertIn("fa-umbrella", [icon["icon"] for icon in review.review_icons])
        category.active = False
        self.env.invalidate_all()
        self.assertNotIn("fa-umbrella", [icon["icon"] for icon in review.review_icons])
        self.assertEqual(review.place_id.display_name, "Place A")
        self.place_a.name = "Place A renamed"
        self.env.invalidate_all()
        self.assertEqual(review.place_id.display_name, "Place A renamed")
        place = self.env["review.place"].create(
            {"name": "Fresh place", "code": "FRESH", "company_id": self.company.id}
        )
        self.assertEqual(place.display_name, "Fresh place")

    def test_stored_values_come_with_the_new_row(self):
        """The stored computed fields of a new review are computed before its
        row is inserted (no UPDATE after it), with the values a recomputation
        gives: its categories in their order, whatever the order given."""
        first, second = self.env["review.category"].create(
            [
                {"name": "Queue test", "sequence": 1},
                {"name": "Music test", "sequence": 2},
            ]
        )
        review = self._new(
            partner_id=self.customer.id,
            user_id=self.user_a.id,
            category_ids=[second.id, first.id],
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT category_key, partner_name, user_partner_id,
                       conversation_rank, reply_not_delivered
                  FROM review_message
                 WHERE id = %s
                """,
                review.id,
            )
        )
        self.assertEqual(
            self.env.cr.fetchone(),
            (
                f"{first.id},{second.id}",
                self.customer.name,
                self.user_a.partner_id.id,
                3,
                False,
            ),
        )

    def test_creation_note_in_the_authors_language(self):
        """The first note of a review is mail's "<model> created", the
        model's name read once per language (a registry cache)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.cr.execute(
            SQL(
                """
                UPDATE ir_model
                   SET name = name || jsonb_build_object('fr_FR', 'Avis client')
                 WHERE model = 'review.message'
                """
            )
        )
        self.env.invalidate_all()
        for lang, name in (
            ("en_US", "Customer Review"),
            ("fr_FR", "Avis client"),
            ("en_US", "Customer Review"),
        ):
            review = (
                self.env["review.message"]
                .with_context(lang=lang)
                .create({"place_id": self.place_a.id, "body": "Hello"})
            )
            [note] = review.message_ids
            self.assertIn(f"{name} ", str(note.body), lang)

    def test_customer_review_created_in_its_company(self):
        """A customer's way in creates as superuser in its user's company
        (the public user's): the review's own company rules what mail takes
        from the current company, such as the reply-to of its first note."""
        Domain = self.env["mail.alias.domain"]
        self.company.alias_domain_id = Domain.create({"name": "corp-a.test"})
        self.company_y.alias_domain_id = Domain.create({"name": "other-y.test"})
        review = (
            self.env["review.message"]
            .sudo()
            .with_company(self.company_y)
            .create({"place_id": self.place_a.id, "body": "Hello"})
        )
        self.assertEqual(review.env.company, self.company_y, "the caller's env")
        [note] = review.message_ids
        self.assertIn("catchall@corp-a.test", note.reply_to)

    def test_source_and_external_reference(self):
        self.assertEqual(self.review_a.source, "manual")
        first = self._new(source="api", external_ref="google:1")
        self.assertEqual(first.source, "api")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self._new(source="api", external_ref="google:1")
        # the same reference from another source, or in another company, is fine
        self.assertTrue(self._new(source="import", external_ref="google:1"))
        self.assertTrue(
            self.env["review.message"].create(
                {
                    "place_id": self.place_y.id,
                    "source": "api",
                    "external_ref": "google:1",
                }
            )
        )

    def test_place_review_form_key(self):
        keys = (self.place_a | self.place_b | self.place_y).mapped("review_form_key")
        self.assertEqual(len(set(keys)), 3, "one random key per place")
        self.assertTrue(all(len(key) >= 22 for key in keys), "128 bits or more")
        copy = self.place_a.copy({"code": "A2"})
        self.assertNotEqual(copy.review_form_key, self.place_a.review_form_key)
        with self.assertRaises(AccessError):
            self.place_a.with_user(self.user_a).read(["review_form_key"])
