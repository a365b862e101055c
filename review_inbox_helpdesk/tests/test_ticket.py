from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, warmup

from .common import ReviewHelpdeskCase

# reviews, their tickets, the tickets' stages
QUERIES = 3


@tagged("post_install", "-at_install")
class TestCreateTicket(ReviewHelpdeskCase):
    """Create a ticket: the review handed to the helpdesk."""

    def test_ticket_content_and_links(self):
        review = self.review_a.with_user(self.user_a)
        review.send_reply("Sorry to hear that. <Could> you tell us more?")
        review.sudo()._receive_customer_answer("The <b>soup</b> & the bread", "web")
        action = review.action_create_ticket()
        self.assertEqual(action["params"]["type"], "success")

        ticket = self._tickets(self.review_a)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(self.review_a.ticket_id, ticket)
        self.assertEqual(ticket.review_id, self.review_a)
        # the place's team, in the review's company
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.company_id, self.company)
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.partner_name, "Carla Customer")
        self.assertEqual(ticket.partner_email, "carla@customer.test")
        self.assertEqual(ticket.name, "Review of Carla Customer at Place A")
        self.assertEqual(ticket.priority, "1")
        # not assigned to its creator, who is not in the team (the
        # helpdesk's auto-assignment, on by default)
        self.assertTrue(self.company.helpdesk_mgmt_ticket_auto_assign)
        self.assertFalse(ticket.user_id)
        description = str(ticket.description)
        for text in (
            "Place A",
            "4 out of 5",
            "Carla Customer, carla@customer.test",
            "Lovely staff at A",
            "Conversation",
            "Alice PlaceA",
            # escaped, never markup
            "&lt;Could&gt; you tell us more?",
            "The &lt;b&gt;soup&lt;/b&gt; &amp; the bread",
        ):
            self.assertIn(text, description)
        self.assertNotIn("<b>soup", description)
        # staff reply first, then the customer's answer
        self.assertLess(
            description.index("tell us more"), description.index("the bread")
        )

        # number and stage on the review, for its place's staff
        self.assertEqual(review.ticket_number, ticket.number)
        self.assertEqual(review.ticket_stage_name, "New")
        # the review waits in the Inbox for the ticket; the action is logged
        self.assertEqual(self.review_a.state, "inbox")
        self.assertTrue(self.review_a.is_treated)
        note = self._review_notes(self.review_a)[:1]
        self.assertEqual(note.author_id, self.user_a.partner_id)
        self.assertIn(
            f'<a href="#" data-oe-model="helpdesk.ticket" data-oe-id="{ticket.id}">'
            f"{ticket.number}</a> created in Place A desk.",
            str(note.body),
        )
        # the creator gets no helpdesk access by following the ticket
        self.assertNotIn(self.user_a.partner_id, ticket.message_partner_ids)

    def test_team_member_assigned_by_the_helpdesk(self):
        """A member of the team gets the ticket they create, as the
        helpdesk's own auto-assignment does."""
        self.team_a.user_ids |= self.user_a
        ticket = self._create_ticket()
        self.assertEqual(ticket.user_id, self.user_a)
        self.company.helpdesk_mgmt_ticket_auto_assign = False
        ticket = self._create_ticket(self.alert_a)
        self.assertFalse(ticket.user_id)

    def test_review_text_escaped(self):
        self.alert_a.sudo().body = "<img src=x onerror=alert(1)> cold & late"
        ticket = self._create_ticket(self.alert_a)
        self.assertIn(
            "&lt;img src=x onerror=alert(1)&gt; cold &amp; late",
            str(ticket.description),
        )
        # an alert is urgent for the helpdesk too
        self.assertEqual(ticket.priority, "2")
        self.assertIn("1 out of 5", str(ticket.description))

    def test_company_team_without_place_team(self):
        ticket = self._create_ticket(self.review_b, self.user_b)
        self.assertEqual(ticket.team_id, self.team_company)
        # an anonymous review: no customer on the ticket either
        self.assertFalse(ticket.partner_id)
        self.assertFalse(ticket.partner_email)
        self.assertEqual(ticket.name, "Review at Place B")
        self.assertIn("Anonymous", str(ticket.description))

    def test_no_team(self):
        self.company.review_helpdesk_team_id = False
        with self.assertRaisesRegex(UserError, "No helpdesk team takes the tickets"):
            self.review_b.with_user(self.user_b).action_create_ticket()
        self.assertFalse(self._tickets(self.review_b))
        self.assertFalse(self.review_b.ticket_id)
        self.assertFalse(self.review_b.is_treated)
        self.assertFalse(self._review_notes(self.review_b))

    def test_archived_team(self):
        self.team_a.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            self.review_a.with_user(self.user_a).action_create_ticket()
        self.assertFalse(self._tickets(self.review_a))

    def test_one_ticket_per_review(self):
        ticket = self._create_ticket()
        with self.assertRaisesRegex(UserError, "already has a ticket"):
            self.review_a.with_user(self.user_a).action_create_ticket()
        self.assertEqual(self._tickets(self.review_a), ticket)

    def test_links_are_protected(self):
        ticket = self._create_ticket()
        other = self.env["helpdesk.ticket"].create(
            {"name": "Other", "description": "x", "team_id": self.team_a.id}
        )
        with self.assertRaises(AccessError):
            self.review_a.with_user(self.user_a).write({"ticket_id": other.id})
        # nor from the helpdesk: a ticket moved by hand to a review would
        # move a review its agent may not handle
        with self.assertRaises(AccessError):
            other.with_user(self.agent).write({"review_id": self.review_b.id})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.agent).create(
                {
                    "name": "Forged",
                    "description": "x",
                    "team_id": self.team_a.id,
                    "review_id": self.review_b.id,
                }
            )
        self.assertEqual(self.review_a.ticket_id, ticket)
        self.assertFalse(self.review_b.ticket_id)

    def test_open_ticket(self):
        ticket = self._create_ticket()
        # place staff without helpdesk rights: a clear message
        with self.assertRaisesRegex(UserError, "belongs to the helpdesk"):
            self.review_a.with_user(self.user_a).action_open_ticket()
        # a review manager who is also a helpdesk user opens it
        self.manager.groups_id |= self.env.ref("helpdesk_mgmt.group_helpdesk_user")
        action = self.review_a.with_user(self.manager).action_open_ticket()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("helpdesk.ticket", ticket.id)
        )

    def test_open_review_from_ticket(self):
        ticket = self._create_ticket()
        with self.assertRaisesRegex(UserError, "may not open"):
            ticket.with_user(self.agent).action_open_review()
        self.manager.groups_id |= self.env.ref("helpdesk_mgmt.group_helpdesk_user")
        action = ticket.with_user(self.manager).action_open_review()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("review.message", self.review_a.id),
        )

    def test_copy_keeps_no_link(self):
        ticket = self._create_ticket()
        self.assertFalse(ticket.copy().review_id)
        self.assertFalse(self.review_a.copy().ticket_id)

    def test_views(self):
        Review = self.env["review.message"].with_user(self.user_a)
        arch = Review.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_create_ticket"', arch)
        self.assertIn('name="action_open_ticket"', arch)
        Place = self.env["review.place"].with_user(self.manager)
        arch = Place.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="helpdesk_team_id"', arch)


@tagged("post_install", "-at_install")
class TestTicketQueries(ReviewHelpdeskCase):
    """Ticket numbers and stages come with a page of reviews, not one query
    per review."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reviews = cls.env["review.message"]
        for index in range(5):
            review = cls.env["review.message"].create(
                {"place_id": cls.place_a.id, "rating": 3, "body": f"Review {index}"}
            )
            review.with_user(cls.user_a).action_create_ticket()
            cls.reviews |= review

    def _read(self, reviews):
        self.env.invalidate_all()
        return reviews.with_user(self.user_a).read(
            ["ticket_id", "ticket_number", "ticket_stage_name"]
        )

    @warmup
    def test_ticket_fields_of_a_page(self):
        with self.assertQueryCount(__system__=QUERIES):
            self._read(self.reviews[:1])
        with self.assertQueryCount(__system__=QUERIES):
            rows = self._read(self.reviews)
        self.assertEqual(
            [row["ticket_number"] for row in rows],
            self.reviews.ticket_id.mapped("number"),
        )
