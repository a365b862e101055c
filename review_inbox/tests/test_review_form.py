from datetime import timedelta

from lxml import html as lxml_html

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import PublicPagesMixin, ReviewInboxCase

COMMENT = "Friendly staff, quick service."


@tagged("post_install", "-at_install")
class TestReviewForm(PublicPagesMixin, ReviewInboxCase, HttpCase):
    """The public review form of a place, reached by its random key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key_a = cls.place_a.review_form_key
        cls.key_b = cls.place_b.review_form_key
        cls.Review = cls.env["review.message"]
        cls.Rate = cls.env["review.form.rate"]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _get(self, path, **kwargs):
        return self.public_get(path, **kwargs)

    def _csrf(self, key=None):
        return self.csrf_token(f"/review/place/{key or self.key_a}")

    def _post(self, data=None, key=None, csrf_token=None):
        """POST the form as a browser would; the 303 is not followed."""
        data = dict({"rating": "4", "comment": COMMENT}, **(data or {}))
        return self.public_post(
            f"/review/place/{key or self.key_a}", data, csrf_token=csrf_token
        )

    def _web_reviews(self, place=None):
        return self.Review.search(
            [("place_id", "=", (place or self.place_a).id), ("source", "=", "web")]
        )

    def _counts(self):
        """What a refused post must leave untouched."""
        return (
            self.Review.search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.Rate.search_count([]),
            self.env["mail.message"].search_count([]),
        )

    def assertNoPlaceShown(self, response):
        for secret in ("Place A", "Place B", "Place Y", "Review Corp", "Other Corp"):
            self.assertNotIn(secret, response.text)

    def assertRefused(self, data, status=400, message=None, counts=None, **kwargs):
        response = self._post(data, **kwargs)
        self.assertEqual(response.status_code, status, data)
        if message:
            self.assertIn(message, response.text)
        self.assertEqual(self._counts(), counts, "a refusal stores nothing")
        return response

    # ------------------------------------------------------------------
    # The page
    # ------------------------------------------------------------------

    def test_get_by_key_shows_form(self):
        response = self._get(f"/review/place/{self.key_a}")
        self.assertEqual(response.status_code, 200)
        self.assertPrivateHeaders(response)
        page = response.text
        self.assertIn('name="viewport"', page, "mobile-friendly")
        self.assertIn("Place A", page)
        self.assertNotIn("Place B", page)
        tree = lxml_html.fromstring(page)
        form = tree.xpath("//form[hasclass('o_review_form')]")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertEqual(form.get("action"), f"/review/place/{self.key_a}")
        self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value"))
        stars = form.xpath(".//input[@type='radio'][@name='rating']")
        self.assertEqual([star.get("value") for star in stars], list("12345"))
        for star in stars:
            # each star has its label: usable by keyboard and screen readers
            self.assertTrue(form.xpath(f".//label[@for='{star.get('id')}']"))
        comment = form.xpath(".//textarea[@name='comment']")[0]
        self.assertEqual(comment.get("maxlength"), "5000")
        self.assertIsNotNone(comment.get("required"))
        for name in ("customer_name", "email", "phone", "consent"):
            self.assertTrue(form.xpath(f".//input[@name='{name}']"), name)
        honeypot = form.xpath(".//input[@name='website']")[0]
        self.assertEqual(honeypot.get("tabindex"), "-1")
        self.assertEqual(honeypot.get("autocomplete"), "off")
        self.assertIn("visually-hidden", honeypot.getparent().get("class"))
        head = self._get(f"/review/place/{self.key_a}", head=True)
        self.assertEqual(head.status_code, 200)
        self.assertPrivateHeaders(head)

    def test_unknown_key_not_found(self):
        place_y_key = self.place_y.review_form_key
        self.place_y.active = False
        for path in (
            "/review/place/" + "A" * 22,
            f"/review/place/{self.place_a.id}",
            f"/review/place/{self.key_a}x",
            f"/review/place/{self.key_a[:-1]}",
            f"/review/place/{place_y_key}",
            f"/review/place/{place_y_key}/thanks",
            "/review/place/" + "A" * 22 + "/thanks",
        ):
            response = self._get(path)
            self.assertEqual(response.status_code, 404, path)
            self.assertPrivateHeaders(response)
            self.assertNoPlaceShown(response)
            self.assertIn("This review page does not exist", response.text)

    def test_post_to_unknown_or_archived_place(self):
        csrf_token = self._csrf()
        self.place_b.active = False
        counts = self._counts()
        for key in ("A" * 22, self.key_b, str(self.place_a.id)):
            response = self.assertRefused(
                {}, status=404, counts=counts, key=key, csrf_token=csrf_token
            )
            self.assertNoPlaceShown(response)

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------

    def test_post_creates_review_in_inbox(self):
        response = self._post({"rating": "5"})
        self.assertEqual(response.status_code, 303)
        self.assertPrivateHeaders(response)
        self.assertTrue(
            response.headers["Location"].endswith(f"/review/place/{self.key_a}/thanks")
        )
        review = self._web_reviews()
        self.assertEqual(len(review), 1)
        self.assertEqual(review.state, "inbox")
        self.assertEqual(review.review_type, "review")
        self.assertEqual(review.rating, 5)
        self.assertEqual(review.body, COMMENT)
        self.assertEqual(review.company_id, self.company)
        self.assertFalse(review.is_alert)
        self.assertEqual(review.priority, "new")
        self.assertFalse(review.partner_id)
        public = self.env.ref("base.public_partner")
        self.assertNotIn(public, review.message_partner_ids, "no follower")
        thanks = self._get(f"/review/place/{self.key_a}/thanks")
        self.assertEqual(thanks.status_code, 200)
        self.assertPrivateHeaders(thanks)
        self.assertIn("Thank you for your review", thanks.text)
        self.assertIn("Place A", thanks.text)

    def test_low_rating_is_alert(self):
        self.assertEqual(self._post({"rating": "1"}).status_code, 303)
        review = self._web_reviews()
        self.assertTrue(review.is_alert)
        self.assertEqual(review.priority, "alert")

    def test_known_email_matched(self):
        response = self._post(
            {
                "customer_name": "Someone Else",
                "email": " Carla@Customer.TEST ",
                "phone": "+33 6 00",
                "consent": "1",
            }
        )
        self.assertEqual(response.status_code, 303)
        review = self._web_reviews()
        self.assertEqual(review.partner_id, self.customer)
        # a public form never changes an existing customer
        self.assertEqual(self.customer.name, "Carla Customer")
        self.assertEqual(self.customer.phone, "+33 1 23")

    def test_unknown_email_creates_customer(self):
        # a customer of the other company is not matched
        other = self.env["res.partner"].create(
            {
                "name": "Yves",
                "email": "yves@other.test",
                "company_id": self.company_y.id,
            }
        )
        response = self._post(
            {
                "customer_name": "  Yves   New ",
                "email": "yves@other.test",
                "phone": "+33 6 12 34 56 78",
                "consent": "1",
            }
        )
        self.assertEqual(response.status_code, 303)
        partner = self._web_reviews().partner_id
        self.assertTrue(partner)
        self.assertNotEqual(partner, other)
        self.assertEqual(partner.name, "Yves New")
        self.assertEqual(partner.email, "yves@other.test")
        self.assertEqual(partner.phone, "+33 6 12 34 56 78")
        self.assertEqual(partner.company_id, self.company)

    def test_consent_without_details_and_no_consent(self):
        partners = self.env["res.partner"].search_count([])
        self.assertEqual(self._post({"consent": "1"}).status_code, 303)
        self.assertEqual(self._post({}).status_code, 303)
        self.assertEqual(len(self._web_reviews()), 2)
        self.assertFalse(self._web_reviews().partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_contact_details_without_consent_refused(self):
        csrf_token = self._csrf()
        counts = self._counts()
        for data in (
            {"email": "carla@customer.test"},
            {"customer_name": "Carla"},
            {"phone": "+33 1 23"},
        ):
            response = self.assertRefused(
                data, message="Tick the box", counts=counts, csrf_token=csrf_token
            )
            self.assertPrivateHeaders(response)

    def test_invalid_posts_store_nothing(self):
        csrf_token = self._csrf()
        counts = self._counts()
        for data, message in (
            ({"rating": ""}, "Choose from 1 to 5 stars."),
            ({"rating": "0"}, "Choose from 1 to 5 stars."),
            ({"rating": "6"}, "Choose from 1 to 5 stars."),
            ({"rating": "4.5"}, "Choose from 1 to 5 stars."),
            ({"comment": ""}, "Write your review before sending it."),
            ({"comment": " \r\n\t "}, "Write your review before sending it."),
            ({"comment": "a" * 5001}, "too long"),
            ({"email": "not-an-email", "consent": "1"}, "email address is not valid"),
            ({"email": "a@b", "consent": "1"}, "email address is not valid"),
            (
                {"email": "a" * 250 + "@b.test", "consent": "1"},
                "email address is not valid",
            ),
            ({"customer_name": "N" * 101, "consent": "1"}, "name is too long"),
            ({"phone": "1" * 41, "consent": "1"}, "phone number is not valid"),
            ({"phone": "call me", "consent": "1"}, "phone number is not valid"),
        ):
            response = self.assertRefused(
                data, message=message, counts=counts, csrf_token=csrf_token
            )
            self.assertPrivateHeaders(response)
            self.assertIn('name="comment"', response.text, "the form again")
        # nothing but the CSRF token, not even the defaults of _post
        response = self.public_post(f"/review/place/{self.key_a}", {}, csrf_token)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose from 1 to 5 stars.", response.text)
        self.assertIn("Write your review before sending it.", response.text)
        self.assertEqual(self._counts(), counts)

    def test_post_exactly_max_lengths(self):
        response = self._post(
            {
                "comment": "a" * 5000,
                "customer_name": "N" * 100,
                "email": "e" * 240 + "@corp.test",
                "phone": "1" * 40,
                "consent": "1",
            }
        )
        self.assertEqual(response.status_code, 303)
        review = self._web_reviews()
        self.assertEqual(len(review.body), 5000)
        self.assertEqual(review.partner_id.name, "N" * 100)

    def test_form_given_back_escaped(self):
        markup = '<script>alert("x")</script><b>bold</b>'
        response = self._post({"comment": markup, "rating": "9"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("&lt;script&gt;alert", response.text)
        self.assertNotIn("<script>alert", response.text)
        self.assertNotIn("<b>bold", response.text)

    def test_markup_stored_as_text(self):
        markup = '<img src=x onerror="alert(1)"> <b>bold</b> & co'
        self.assertEqual(self._post({"comment": markup}).status_code, 303)
        review = self._web_reviews()
        self.assertEqual(review.body, markup, "stored verbatim, as text")
        # a Text field: the backend shows it as text, never as HTML
        self.assertEqual(self.Review._fields["body"].type, "text")
        self.assertEqual(review.body_preview, markup)
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "review.message"),
                    ("res_id", "=", review.id),
                    ("body", "ilike", "onerror"),
                ]
            ),
            "the comment is not posted as HTML in the chatter",
        )

    def test_missing_csrf_token(self):
        self._csrf()  # the session exists, as in a browser
        counts = self._counts()
        self.assertRefused({}, counts=counts, csrf_token=False)
        self.assertRefused({}, counts=counts, csrf_token="0" * 40)

    def test_honeypot_pretends_success(self):
        counts = self._counts()
        response = self._post({"website": "http://spam.test"})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/thanks"))
        self.assertEqual(self._counts(), counts)

    # ------------------------------------------------------------------
    # Rate limit
    # ------------------------------------------------------------------

    def test_rate_limit_per_client_and_place(self):
        self.assertEqual(self.company.review_form_rate_limit, 5)
        csrf_token = self._csrf()
        for _i in range(5):
            self.assertEqual(self._post(csrf_token=csrf_token).status_code, 303)
        self.assertEqual(len(self._web_reviews()), 5)
        rates = self.Rate.search([])
        self.assertEqual(len(rates), 1, "one counter per client, place and hour")
        self.assertEqual(rates.count, 5)
        self.assertNotIn("127.0.0.1", rates.mapped("ip_hash"), "only a hash")
        counts = self._counts()
        response = self.assertRefused(
            {"rating": "1"}, status=429, counts=counts, csrf_token=csrf_token
        )
        self.assertPrivateHeaders(response)
        self.assertIn("Too many reviews", response.text)
        self.assertEqual(response.headers.get("Retry-After"), "3600")
        self.assertEqual(rates.count, 5, "a refused post is not counted")
        # the limit is per place
        response = self._post(key=self.key_b, csrf_token=csrf_token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._web_reviews(self.place_b)), 1)
        # an hour later, the client may post again
        self.Rate.search([]).write(
            {"window_start": rates.window_start - timedelta(hours=1)}
        )
        self.assertEqual(self._post(csrf_token=csrf_token).status_code, 303)
        self.assertEqual(len(self.Rate.search([])), 1, "old posts forgotten")

    def test_refused_posts_are_not_counted(self):
        csrf_token = self._csrf()
        for data in (
            {"rating": "0"},
            {"comment": ""},
            {"comment": "a\x00b"},
            {"website": "http://spam.test"},
        ):
            self._post(data, csrf_token=csrf_token)
        self.assertFalse(self.Rate.search([]), "only stored reviews count")

    def test_rate_limit_per_client_address(self):
        Rate = self.Rate
        for _i in range(5):
            self.assertTrue(Rate._consume(self.place_a, "203.0.113.7"))
        self.assertFalse(Rate._consume(self.place_a, "203.0.113.7"))
        self.assertTrue(Rate._consume(self.place_a, "203.0.113.8"))
        self.assertTrue(Rate._consume(self.place_b, "203.0.113.7"))
        self.assertEqual(
            sorted(Rate.search([]).mapped("count")), [1, 1, 5], "never over the limit"
        )

    def test_rate_rows_hidden_from_everyone(self):
        self.Rate._consume(self.place_a, "203.0.113.7")
        for user in (self.user_a, self.manager, self.env.ref("base.user_admin")):
            with self.assertRaises(AccessError):
                self.Rate.with_user(user).search([])

    def test_past_windows_purged_by_autovacuum(self):
        window = self.Rate._window_start()
        current, *__ = self.Rate.create(
            [
                {"place_id": place.id, "ip_hash": f"h{hours}", "window_start": start}
                for hours, place in (
                    (0, self.place_a),
                    (1, self.place_a),
                    (5, self.place_b),
                )
                for start in [window - timedelta(hours=hours)]
            ]
        )
        self.Rate._gc_past_windows()
        self.assertEqual(self.Rate.search([]), current)

    def test_rate_limit_setting(self):
        settings = (
            self.env["review.inbox.settings"].with_company(self.company).create({})
        )
        settings.review_form_rate_limit = 2
        settings.execute()
        self.assertEqual(self.company.review_form_rate_limit, 2)
        csrf_token = self._csrf()
        for _i in range(2):
            self.assertEqual(self._post(csrf_token=csrf_token).status_code, 303)
        self.assertEqual(self._post(csrf_token=csrf_token).status_code, 429)
        self.assertEqual(len(self._web_reviews()), 2)

    # ------------------------------------------------------------------
    # Control characters, in every field
    # ------------------------------------------------------------------

    def test_control_characters_in_any_field_refused(self):
        """NUL (which PostgreSQL refuses) and other control characters: a
        400 with a message, nothing stored, never echoed back."""
        csrf_token = self._csrf()
        counts = self._counts()
        contact = {"customer_name": "Carla", "consent": "1"}
        for field in (
            "rating",
            "comment",
            "customer_name",
            "email",
            "phone",
            "consent",
            "website",
            "extra_field",
        ):
            for bad in ("\x00", "\x1b[31m", "\x7f", "\x08"):
                value = {"rating": "4"}.get(field, "ok") + bad
                data = dict(contact, **{field: value})
                response = self.assertRefused(
                    data, counts=counts, csrf_token=csrf_token
                )
                self.assertIn("control characters", response.text, (field, bad))
                self.assertIn('name="comment"', response.text, "the form again")
                self.assertNotIn(bad, response.text, (field, bad))
                self.assertNotIn("&#0;", response.text)
                self.assertPrivateHeaders(response)
        # line breaks end a name's header line: refused in one-line fields
        for field in ("customer_name", "email", "phone"):
            for bad in ("a\nb", "a\rb", "a\u2028b", "a\x85b"):
                data = dict(contact, **{field: bad})
                self.assertRefused(data, counts=counts, csrf_token=csrf_token)
        # a review's own line breaks and tabs are text
        response = self._post({"comment": "Good.\r\n\tVery good."})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._web_reviews().body, "Good.\n\tVery good.")

    def test_rating_through_the_intake_rule(self):
        csrf_token = self._csrf()
        counts = self._counts()
        for rating in ("٣", "³", " 4", "4 ", "+4", "-1", "1e0", "99999999999999999999"):
            self.assertRefused(
                {"rating": rating},
                message="Choose from 1 to 5 stars.",
                counts=counts,
                csrf_token=csrf_token,
            )
