import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import formatLang

from ..tools.jobs import commit_batch

_logger = logging.getLogger(__name__)

# Users whose digest is sent between two commits.
DIGEST_BATCH = 50
# Places in the best and in the worst of a manager's digest.
DIGEST_PODIUM = 3
# The figures of a week, from review.report (see _digest_figures).
DIGEST_AGGREGATES = [
    "__count",
    "rating_avg:avg",
    "response_rate:avg",
    "late_alert_count:sum",
]


class ReviewDigest(models.AbstractModel):
    """The weekly digest: last week against the week before, place by place.

    Each place's staff get their places; review managers every place of
    their companies, with the best and the worst places of the week. Users
    turn it off in their preferences (``res.users.review_digest_opt_out``).
    The figures of every place come from two grouped queries on
    ``review.report`` (one a week), whatever the number of places and users;
    each user's email is then rendered in their language, in its own
    savepoint (one that fails is logged and skipped), and marked as sent for
    that week (``review_digest_week``): a run started again the same week
    sends only the missing ones.
    """

    _name = "review.digest"
    _description = "Weekly Review Digest"

    @api.model
    def _digest_weeks(self, today=None):
        """(start of the week before, start of last week, end of last
        week): Mondays, the end excluded."""
        today = today or fields.Date.context_today(self)
        last = today - timedelta(days=today.weekday() + 7)
        return last - timedelta(days=7), last, last + timedelta(days=7)

    @api.model
    def _digest_figures(self, weeks):
        """{place id: (figures of last week, figures of the week before)},
        each {"count", "rating", "response_rate", "late_alerts"}, of every
        place that had reviews in either week."""
        before, last, end = weeks
        Report = self.env["review.report"].sudo()  # a job over every company
        figures = {}
        for index, (start, stop) in enumerate(((last, end), (before, last))):
            rows = Report._read_group(
                [("date", ">=", start), ("date", "<", stop)],
                ["place_id"],
                DIGEST_AGGREGATES,
            )
            for place, count, rating, response_rate, late_alerts in rows:
                weeks_of_place = figures.setdefault(place.id, [None, None])
                weeks_of_place[index] = {
                    "count": count,
                    "rating": rating or None,
                    "response_rate": response_rate,
                    "late_alerts": late_alerts,
                }
        empty = {"count": 0, "rating": None, "response_rate": None, "late_alerts": 0}
        return {
            place_id: tuple(week or empty for week in weeks_of_place)
            for place_id, weeks_of_place in figures.items()
        }

    @api.model
    def _digest_recipients(self, week):
        """Staff and review managers who want the digest and did not get
        this week's yet."""
        group = self.env.ref("review_inbox.group_review_inbox_user")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("share", "=", False),
                    ("review_digest_opt_out", "=", False),
                    ("email", "!=", False),
                    "|",
                    ("review_digest_week", "=", False),
                    ("review_digest_week", "<", week),
                ],
                order="id",
            )
        )

    @api.model
    def _cron_send_digest(self, batch=DIGEST_BATCH, today=None):
        """Email every recipient their digest of last week."""
        weeks = self._digest_weeks(today)
        figures = self._digest_figures(weeks)
        # sudo: a job over every company's places and users
        places = self.env["review.place"].sudo().search([])
        staff_places = {}
        for place in places:
            for user in place.user_ids:
                staff_places.setdefault(user.id, self.env["review.place"])
                staff_places[user.id] |= place
        users = self._digest_recipients(weeks[1])
        sent = self.env["res.users"]
        done = 0
        for offset in range(0, len(users), batch):
            chunk = users[offset : offset + batch]
            for user in chunk:
                try:
                    with self.env.cr.savepoint():
                        if self._digest_send(
                            user, weeks, figures, places, staff_places
                        ):
                            sent |= user
                        user.review_digest_week = weeks[1]
                except Exception:
                    _logger.exception(
                        "Weekly review digest of user %s could not be sent: skipped.",
                        user.id,
                    )
            done += len(chunk)
            if sent:
                self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
            commit_batch(self.env)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(users) - done)
        return sent

    @api.model
    def _digest_places(self, user, places, staff_places):
        """The places of ``user``'s digest, and whether it is a manager's."""
        if user.has_group("review_inbox.group_review_inbox_manager"):
            return places.filtered(lambda p: p.company_id in user.company_ids), True
        return staff_places.get(user.id, self.env["review.place"]), False

    @api.model
    def _digest_values(self, user, weeks, figures, places, staff_places):
        """What ``user``'s digest shows, numbers written in their language;
        None when none of their places had a review in either week."""
        user_places, is_manager = self._digest_places(user, places, staff_places)
        user_places = user_places.filtered(lambda p: p.id in figures)
        if not user_places:
            return None
        env = self.with_context(lang=user.lang).env

        def number(value, digits):
            return "—" if value is None else formatLang(env, value, digits=digits)

        def percent(value):
            return "—" if value is None else f"{number(value, 0)}%"

        rows = []
        for place in user_places.with_env(env).sorted("name"):
            last, before = figures[place.id]
            rows.append(
                {
                    "place": place.name,
                    "count": last["count"],
                    "count_before": before["count"],
                    "rating": number(last["rating"], 1),
                    "rating_before": number(before["rating"], 1),
                    "rating_value": last["rating"],
                    "response_rate": percent(last["response_rate"]),
                    "response_rate_before": percent(before["response_rate"]),
                    "late_alerts": last["late_alerts"],
                    "late_alerts_before": before["late_alerts"],
                }
            )
        values = {
            "week_start": weeks[1],
            "week_end": weeks[2] - timedelta(days=1),
            "rows": rows,
            "is_manager": is_manager,
            "best": [],
            "worst": [],
        }
        rated = [row for row in rows if row["rating_value"] is not None]
        if is_manager and len(rated) > 1:
            ranked = sorted(
                rated, key=lambda row: (-row["rating_value"], -row["count"])
            )
            podium = min(DIGEST_PODIUM, len(ranked) // 2)
            values["best"] = ranked[:podium]
            values["worst"] = ranked[::-1][:podium]
        return values

    @api.model
    def _digest_send(self, user, weeks, figures, places, staff_places):
        """Queue ``user``'s digest; False when there was nothing to say."""
        values = self._digest_values(user, weeks, figures, places, staff_places)
        if values is None:
            return False
        template = self.env.ref("review_inbox.mail_template_review_digest")
        mail = template.with_context(review_digest=values)._generate_template(
            user.ids, ["subject", "body_html", "email_from"]
        )[user.id]
        self.env["mail.mail"].sudo().create(
            {
                "subject": mail.get("subject"),
                "body_html": mail.get("body_html"),
                "email_from": mail.get("email_from") or False,
                "recipient_ids": [Command.link(user.partner_id.id)],
                "auto_delete": True,
                "state": "outgoing",
            }
        )
        return True
