from collections import defaultdict

from odoo import api, models


class ReviewRatingRoute(models.Model):
    _inherit = "review.rating.route"

    @api.model
    def _document_places(self, records):
        """A ticket's rating goes, when no route takes it, to the place whose
        helpdesk team is the ticket's team. When several places of the
        ticket's company share that team, or none has it, to the place of
        the review the ticket was made from, if any; else (super) to the
        company's default place. Three queries for the whole batch."""
        places = super()._document_places(records)
        if records._name != "helpdesk.ticket":
            return places
        # the job's records, as superuser: tickets, teams, places, reviews
        records.fetch(["team_id", "company_id", "review_id"])
        team_places = defaultdict(list)
        for place in (
            self.env["review.place"]
            .sudo()
            .search([("helpdesk_team_id", "in", records.team_id.ids)])
        ):
            team_places[place.helpdesk_team_id, place.company_id].append(place)
        for ticket in records:
            if ticket.id in places:
                continue
            candidates = team_places.get((ticket.team_id, ticket.company_id), [])
            origin_place = ticket.review_id.place_id
            if origin_place and (not candidates or origin_place in candidates):
                places[ticket.id] = origin_place
            elif len(candidates) == 1:
                places[ticket.id] = candidates[0]
        return places

    @api.model
    def _create_demo_ticket_rating(self):
        """The Online Shop's lost parcel handed to the helpdesk, its ticket
        closed, the rating request sent (queued) as helpdesk_mgmt_rating
        sends it, and the customer's rating of the ticket, brought into the
        inbox."""
        ref = self.env.ref
        review = ref("review_inbox.review_message_web01_2", raise_if_not_found=False)
        if not review or review.ticket_id:
            return
        review.action_create_ticket()
        ticket = review.ticket_id
        ticket.write(
            {
                "user_id": ref("base.user_admin").id,
                "stage_id": ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            }
        )
        ticket.rating_send_request(
            ref("helpdesk_mgmt_rating.rating_ticket_email_template"),
            lang=ticket.partner_id.lang,
            force_send=False,
        )
        rating = ticket.rating_ids[:1]
        ticket.rating_apply(
            5,
            token=rating.access_token,
            feedback="Found at the neighbour's in the end, and the support called "
            "me back the same day.",
        )
        self.env["rating.rating"]._review_sync_pending()
