from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HelpdeskRatingCase


@tagged("post_install", "-at_install")
class TestTicketRatingPlace(HelpdeskRatingCase):
    """Which place a ticket's rating goes to: a route, else the place of the
    ticket's team, else that of the review it was made from, else the
    company's default place."""

    def place_of(self, ticket):
        rating = self.give_rating(ticket, 3)
        self.sync()
        return self.review_of(rating).place_id

    def test_the_team_of_the_ticket(self):
        ticket = self._ticket(self.team_a)
        self.company.review_default_place_id = self.place_b
        self.assertEqual(self.place_of(ticket), self.place_a)

    def test_a_matching_route_wins(self):
        self.env["review.rating.route"].create(
            {
                "name": "Place A desk's tickets",
                "model_name": "helpdesk.ticket",
                "domain": repr([("team_id", "=", self.team_a.id)]),
                "place_id": self.place_b.id,
            }
        )
        self.assertEqual(self.place_of(self._ticket(self.team_a)), self.place_b)
        self.assertEqual(self.place_of(self.ticket_from_review), self.place_b)

    def test_no_place_of_the_team_default_place(self):
        self.company.review_default_place_id = self.place_b
        ticket = self._ticket(self.team_company)
        self.assertEqual(self.place_of(ticket), self.place_b)

    def test_team_of_several_places(self):
        """Places sharing a team: none of them is the ticket's, unless the
        ticket was made from a review of one."""
        self.place_b.helpdesk_team_id = self.team_a
        place_c = self.env["review.place"].create(
            {"name": "Place C", "code": "C", "company_id": self.company.id}
        )
        self.company.review_default_place_id = place_c
        self.assertEqual(self.place_of(self._ticket(self.team_a)), place_c)
        self.assertEqual(self.place_of(self.ticket_from_review), self.place_a)

    def test_ticket_of_a_review_without_team_place(self):
        """Review B's place has no team: the ticket goes to the company's
        team, and its rating to review B's place."""
        self.company.review_default_place_id = self.place_a
        ticket = self._ticket_of_review(self.review_b, self.user_b)
        self.assertEqual(ticket.team_id, self.team_company)
        self.assertEqual(self.place_of(ticket), self.place_b)

    def test_team_of_another_company_place(self):
        """A place of another company with the ticket's team (set past the
        form's check) is no candidate: the company's one place with the
        team takes the rating."""
        self.place_a.helpdesk_team_id = self.team_company
        self.env.cr.execute(
            "UPDATE review_place SET helpdesk_team_id = %s WHERE id = %s",
            (self.team_company.id, self.place_y.id),
        )
        self.place_y.invalidate_recordset()
        self.company.review_default_place_id = self.place_b
        self.assertEqual(self.place_of(self._ticket(self.team_company)), self.place_a)

    def test_routing_a_batch_of_tickets(self):
        """The team's places are read once for a batch: 2 ratings or 8 cost
        the same queries."""
        tickets = [self._ticket(self.team_a, f"Ticket {n}") for n in range(8)]
        ratings = [self.close_ticket(ticket) for ticket in tickets]
        for rating in ratings:
            rating.write({"rating": 5, "consumed": True})
        Route = self.env["review.rating.route"]

        def queries(batch):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            placement = Route._place_ratings(batch.sudo())
            count = self.cr.sql_log_count - before
            self.assertEqual(
                {place for place, company in placement.values()}, {self.place_a}
            )
            return count

        all_ratings = self.env["rating.rating"].union(*ratings)
        queries(all_ratings[:2])  # warm-up
        self.assertEqual(queries(all_ratings), queries(all_ratings[2:4]))


@tagged("post_install", "-at_install")
class TestTicketRatingReview(HelpdeskRatingCase):
    """The review of a ticket's rating: the review it was made from, the
    reply on the ticket, who sees it."""

    def test_origin_review(self):
        rating = self.give_rating(self.ticket_from_review, 1, "Nobody called")
        self.sync()
        review = self.review_of(rating)
        self.assertRecordValues(
            review,
            [
                {
                    "origin_review_id": self.review_a.id,
                    "place_id": self.place_a.id,
                    "res_model": "helpdesk.ticket",
                    "res_id": self.ticket_from_review.id,
                    "rating": 1,
                    "body": "Nobody called",
                    "partner_id": self.customer.id,
                    "is_alert": True,
                }
            ],
        )
        note = self.origin_notes(self.review_a)
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        self.assertIn(self.ticket_from_review.number, note.body)
        self.assertIn("1 out of 5", note.body)
        self.assertIn(
            f'data-oe-model="review.message" data-oe-id="{review.id}"', note.body
        )
        # a rating changed: said again; the same rating again: nothing
        self.ticket_from_review.sudo().rating_apply(
            4, token=rating.access_token, feedback="They called back"
        )
        self.sync()
        self.assertEqual(self.review_of(rating), review)
        notes = self.origin_notes(self.review_a)
        self.assertEqual(len(notes), 2)
        self.assertIn("again: 4 out of 5", notes[0].body)
        self.ticket_from_review.sudo().rating_apply(
            4, token=rating.access_token, feedback="They called back"
        )
        self.sync()
        self.assertEqual(self.origin_notes(self.review_a), notes)

    def test_ticket_not_made_from_a_review(self):
        rating = self.give_rating(self._ticket(self.team_a), 5)
        self.sync()
        review = self.review_of(rating)
        self.assertEqual(review.place_id, self.place_a)
        self.assertFalse(review.origin_review_id)

    def test_origin_review_field_is_protected(self):
        rating = self.give_rating(self._ticket(self.team_a), 5)
        self.sync()
        review = self.review_of(rating).with_user(self.manager)
        with self.assertRaises(AccessError):
            review.write({"origin_review_id": self.alert_a.id})
        self.assertFalse(review.origin_review_id)

    def test_import_of_past_ratings_names_the_review(self):
        """An import of past ratings links the review it was made from too,
        and logs nothing there."""
        rating = self.give_rating(self.ticket_from_review, 2)
        self.env["rating.rating"].sudo().browse(rating.ids)._review_sync(bulk=True)
        self.env.invalidate_all()
        self.assertEqual(self.review_of(rating).origin_review_id, self.review_a)
        self.assertFalse(self.origin_notes(self.review_a))

    def test_reply_logged_on_the_ticket(self):
        rating = self.give_rating(self.ticket_from_review, 1, "Nobody called")
        self.sync()
        review = self.review_of(rating)
        ticket = self.ticket_from_review.sudo()
        messages = ticket.message_ids
        # Place A's staff, without any helpdesk right
        self.assertFalse(self.user_a.has_group("helpdesk_mgmt.group_helpdesk_user"))
        entry = review.with_user(self.user_a).send_reply("We will call you today.")
        mail = entry.sudo().notification_id.mail_mail_id
        self.assertEqual(mail.recipient_ids, self.customer)
        note = ticket.message_ids - messages
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.author_id, self.user_a.partner_id)
        self.assertIn("We will call you today.", note.body)
        self.assertIn("(1/5)", note.body)
        self.assertFalse(note.partner_ids, "nobody notified by email")

    def test_place_staff_see_their_places_ticket_ratings_only(self):
        self.company.review_default_place_id = self.place_b
        rating_a = self.give_rating(self.ticket_from_review, 2)
        rating_b = self.give_rating(self._ticket(self.team_company), 4)
        self.sync()
        review_a, review_b = self.review_of(rating_a), self.review_of(rating_b)
        self.assertEqual((review_a | review_b).place_id, self.place_a | self.place_b)
        domain = [("res_model", "=", "helpdesk.ticket")]
        for user, review in ((self.user_a, review_a), (self.user_b, review_b)):
            with self.subTest(user=user.login):
                Review = self.env["review.message"].with_user(user)
                self.assertEqual(Review.search(domain), review)
                other = (review_a | review_b) - review
                with self.assertRaises(AccessError):
                    other.with_user(user).read(["body"])
        self.assertFalse(
            self.env["review.message"].with_user(self.manager_y).search(domain)
        )
        # the agent, a helpdesk user without review rights, sees none
        with self.assertRaises(AccessError):
            self.env["review.message"].with_user(self.agent).search(domain)

    def test_origin_review_of_another_place(self):
        """Routed to place B, the rating's review names review A: place B's
        staff open the rating's review, not review A."""
        self.env["review.rating.route"].create(
            {
                "name": "Place A desk's tickets",
                "model_name": "helpdesk.ticket",
                "domain": repr([("team_id", "=", self.team_a.id)]),
                "place_id": self.place_b.id,
            }
        )
        rating = self.give_rating(self.ticket_from_review, 2)
        self.sync()
        review = self.review_of(rating).with_user(self.user_b)
        data = review.web_read({"origin_review_id": {"fields": {"display_name": {}}}})
        self.assertEqual(data[0]["origin_review_id"]["id"], self.review_a.id)
        with self.assertRaises(AccessError):
            review.origin_review_id.read(["body"])
        self.assertFalse(
            self.review_of(rating).with_user(self.user_a).has_access("read")
        )
