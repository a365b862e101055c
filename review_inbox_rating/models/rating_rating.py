import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from odoo.addons.review_inbox.tools import intake
from odoo.addons.review_inbox.tools.jobs import commit_batch

_logger = logging.getLogger(__name__)

# Ratings read, routed and turned into reviews at a time by the job: an
# import of past ratings goes at about this many a second.
SYNC_BATCH = 2000
# What a review says of its rating: a write of one of these brings the
# rating to the inbox again (res_model is res_model_id's, stored).
REVIEW_FIELDS = frozenset(
    {"rating", "feedback", "partner_id", "res_model_id", "res_id"}
)
FLAG_FIELDS = [
    "review_sync_pending",
    "review_unrouted",
    "review_company_id",
    "review_sync_error",
]
# The reviews of ratings start with an empty chatter: the customer's rating
# is the review itself, and an import of past ratings logs nothing per review.
REVIEW_CREATE_CONTEXT = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
}
SYNC_CRON = "review_inbox_rating.ir_cron_review_rating_sync"


def rating_to_stars(value):
    """Odoo's rating (1, 3 or 5 from its pages; any value from 0 to 5 by code)
    as the review's 1 to 5 stars."""
    return max(1, min(intake.RATING_MAX, int(value + 0.5)))


def feedback_to_text(env, feedback):
    """The customer's comment as a review's text, by the intake rules.

    Odoo has stored it already, so what the rules refuse is mended rather
    than refused: control characters are dropped and a text over the
    length allowed is cut.
    """
    text = (feedback or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        char
        for char in text
        if char in "\n\t" or not intake.has_control_characters(char)
    ).strip()
    if len(text) > intake.TEXT_MAX_LENGTH:
        text = text[: intake.TEXT_MAX_LENGTH - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
    return intake.clean_text(env, text)


class RatingRating(models.Model):
    """Every rating Odoo collects, brought into the review inbox.

    Giving a rating stays fast: a rating given (created or written with a
    value above 0, by Odoo's rating pages, the live chat, or any code) is
    only flagged ``review_sync_pending``, in the same statement, and the job
    ``ir_cron_review_rating_sync`` is triggered; the job turns the flagged
    ratings into reviews in batches (``_review_sync``).
    """

    _inherit = "rating.rating"

    review_sync_pending = fields.Boolean(
        string="Waiting for the review inbox",
        readonly=True,
        copy=False,
        help="Given or changed since the review inbox last read it: the "
        "scheduled action 'Review Inbox: ratings to the inbox' brings it there.",
    )
    review_unrouted = fields.Boolean(
        string="Without a place",
        readonly=True,
        copy=False,
        help="No route matches this rating and the company has no default "
        "place: it waits here until one does.",
    )
    review_company_id = fields.Many2one(
        "res.company",
        string="Review company",
        readonly=True,
        copy=False,
        help="The company whose routes and default place were tried.",
    )
    review_sync_error = fields.Text(
        string="Review inbox error",
        readonly=True,
        copy=False,
        help="Why this rating could not be brought into the review inbox.",
    )

    def init(self):
        # Both flags mark a handful of rows of a large table.
        cr = self.env.cr
        create_index(
            cr,
            "rating_rating_review_sync_pending_index",
            self._table,
            ["id"],
            where="review_sync_pending",
        )
        create_index(
            cr,
            "rating_rating_review_unrouted_index",
            self._table,
            ["review_company_id"],
            where="review_unrouted OR review_sync_error IS NOT NULL",
        )

    # ------------------------------------------------------------------
    # Giving a rating: flagged in the same statement, the job triggered
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        given = False
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if (vals.get("rating") or 0) > 0:
                vals["review_sync_pending"] = True
                given = True
        ratings = super().create(vals_list)
        if given:
            self._review_trigger_sync()
        return ratings

    def write(self, vals):
        if self._review_write_queues(vals):
            vals = dict(vals, review_sync_pending=True)
            result = super().write(vals)
            self._review_trigger_sync()
            return result
        return super().write(vals)

    def _review_write_queues(self, vals):
        """Whether this write gives or changes what the review says: a value
        above 0, or the comment, customer or document of a given rating. A
        reset (value 0) brings nothing."""
        if not self or not REVIEW_FIELDS.intersection(vals):
            return False
        if "rating" in vals:
            return (vals["rating"] or 0) > 0
        return any(rating.rating > 0 for rating in self)

    @api.model
    def _review_trigger_sync(self):
        """Wake the job up once per transaction."""
        postcommit = self.env.cr.postcommit
        if postcommit.data.get(SYNC_CRON):
            return
        postcommit.data[SYNC_CRON] = True
        # the id from the registry's cache: no query to look the job up
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            SYNC_CRON, raise_if_not_found=False
        )
        if cron_id:
            self.env["ir.cron"].browse(cron_id)._trigger()

    # ------------------------------------------------------------------
    # The job: ratings to reviews
    # ------------------------------------------------------------------

    @api.model
    def _cron_review_sync(self, batch=SYNC_BATCH):
        """Bring the flagged ratings into the inbox, then go on with the
        imports of past ratings; a batch at a time, each batch committed."""
        done = self._review_sync_pending(batch=batch, commit=True)
        imports = (
            self.env["review.rating.import"]
            .sudo()
            .search([("state", "=", "running")], order="id")
        )
        return done + imports._run(batch=batch, commit=True)

    @api.model
    def _review_sync_pending(self, batch=SYNC_BATCH, commit=False):
        """Bring every flagged rating into the inbox; return how many were
        read. One failing batch is retried rating by rating: a rating that
        fails is logged, keeps its error and is skipped."""
        # sudo: a job over every company's ratings and reviews
        Rating = self.sudo()
        domain = [("review_sync_pending", "=", True)]
        done = 0
        last_id = 0
        while True:
            ratings = Rating.search(
                [*domain, ("id", ">", last_id)], order="id", limit=batch
            )
            if not ratings:
                break
            last_id = ratings[-1].id
            ratings._review_sync_batch()
            done += len(ratings)
            if commit:
                commit_batch(self.env)
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=Rating.search_count(domain)
                )
        return done

    def _review_sync_batch(self, bulk=False):
        """``_review_sync`` in a savepoint; on failure, one rating at a time
        (through create())."""
        try:
            with self.env.cr.savepoint():
                return self._review_sync(bulk=bulk)
        except Exception:  # noqa: BLE001 retried one by one below
            _logger.warning(
                "Ratings %s-%s: batch failed, retried one by one.",
                self[:1].id,
                self[-1:].id,
                exc_info=True,
            )
        reviews = self.env["review.message"]
        for rating in self:
            try:
                with self.env.cr.savepoint():
                    reviews |= rating._review_sync()
            except Exception as error:  # noqa: BLE001 logged and skipped
                _logger.exception(
                    "Rating %s could not be brought into the review inbox: " "skipped.",
                    rating.id,
                )
                rating._review_set_flags(
                    error=str(error) or type(error).__name__,
                    company=rating._review_failed_company(),
                )
        return reviews

    def _review_failed_company(self):
        """The company of a rating that failed, to list it for its managers
        only; none when even that fails."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return self._review_document_companies().get(self.id)
        except Exception:  # noqa: BLE001 listed for every company then
            return None

    def _review_document_companies(self):
        """``{rating id: company}`` of the rated documents that have one."""
        companies = {}
        for res_model, ratings in self.sudo().grouped("res_model").items():
            if not res_model or res_model not in self.env:
                continue
            Model = self.env[res_model].sudo().with_context(active_test=False)
            field = Model._fields.get("company_id")
            if not (
                field
                and field.type == "many2one"
                and field.comodel_name == "res.company"
            ):
                continue
            records = Model.browse(set(ratings.mapped("res_id"))).exists()
            company_of = {record.id: record.company_id for record in records}
            for rating in ratings:
                if company_of.get(rating.res_id):
                    companies[rating.id] = company_of[rating.res_id]
        return companies

    def _review_sync(self, bulk=False):
        """Create or update the review of each rating given; return the
        reviews created (``bulk``: at once, by ``_review_bulk_create``, for
        an import of past ratings; else through create(), as any review).

        One review per rating (``review.message.rating_id`` is unique): a
        replayed rating updates its review, and logs what changed in its
        chatter; unchanged, the review is not written at all. A new review
        goes to the place of the first route that matches (by sequence),
        else to the default place of the company; with neither, the rating
        stays listed (``review_unrouted``) for the managers.

        Reviews are created as superuser, with the source ``rating``: the
        ratings are Odoo's, checked by Odoo's own pages (their token) and
        by this job's rules.
        """
        # sudo: see the docstring; the caller is the job, or a manager
        ratings = self.sudo().exists()
        ratings.fetch(
            [
                "rating",
                "feedback",
                "partner_id",
                "res_model",
                "res_id",
                "res_name",
                "write_date",
            ]
        )
        given = ratings.filtered(
            lambda rating: rating.rating > 0
            and rating.res_model
            and rating.res_id
            and rating.res_model in self.env
        )
        Review = (
            self.env["review.message"]
            .sudo()
            .with_context(REVIEW_CREATE_CONTEXT, active_test=False)
        )
        existing = Review.search_fetch(
            [("rating_id", "in", given.ids)],
            ["rating_id", "rating", "body", "partner_id", "state", "company_id"],
        )
        review_of = {review.rating_id.id: review for review in existing}
        given.partner_id.fetch(["company_id", "name"])
        for rating in given:
            if rating.id in review_of:
                rating._review_update(review_of[rating.id])
        new = given.filtered(lambda rating: rating.id not in review_of)
        placement = self.env["review.rating.route"]._place_ratings(new)
        vals_list = []
        unrouted = defaultdict(list)
        for rating in new:
            place, company = placement[rating.id]
            if place:
                vals_list.append(rating._review_values(place))
            else:
                unrouted[company].append(rating.id)
        if not vals_list:
            reviews = Review
        elif bulk:
            reviews = Review._review_bulk_create(vals_list)
        else:
            reviews = Review.create(vals_list)
        unrouted_ids = {rating_id for ids in unrouted.values() for rating_id in ids}
        # only the flagged ones: an import's ratings have no flag to clear
        ratings.filtered(
            lambda rating: rating.id not in unrouted_ids
            and any(rating[name] for name in FLAG_FIELDS)
        )._review_set_flags()
        for company, ids in unrouted.items():
            self.browse(ids)._review_set_flags(unrouted=True, company=company)
        return reviews.with_env(self.env)

    def _review_content_values(self, company):
        """What the review says of the rating: stars, text and customer (a
        contact of another company is not this review's customer)."""
        self.ensure_one()
        partner = self.partner_id
        if partner.company_id and partner.company_id != company:
            partner = partner.browse()
        return {
            "rating": rating_to_stars(self.rating),
            "body": feedback_to_text(self.env, self.feedback),
            "partner_id": partner.id,
        }

    def _review_values(self, place):
        """The values of the new review of this rating, in ``place``."""
        self.ensure_one()
        return {
            **self._review_content_values(place.company_id),
            "place_id": place.id,
            "source": "rating",
            "review_type": "review",
            "review_date": self.write_date or fields.Datetime.now(),
            "rating_id": self.id,
            "res_model": self.res_model,
            "res_id": self.res_id,
            "res_name": self.res_name,
        }

    def _review_update(self, review):
        """Update ``review`` with a rating given again; log what changed.
        Nothing is written when nothing changed (a replayed link)."""
        self.ensure_one()
        values = self._review_content_values(review.company_id)
        current = {
            "rating": review.rating,
            "body": review.body or False,
            "partner_id": review.partner_id.id,
        }
        changes = {
            name: value for name, value in values.items() if current[name] != value
        }
        if not changes:
            return False
        lines = []
        if "rating" in changes:
            lines.append(
                _(
                    "Rating: %(old)s → %(new)s",
                    old=current["rating"],
                    new=changes["rating"],
                )
            )
        if "body" in changes:
            lines.append(
                _(
                    "Comment: %(old)s → %(new)s",
                    old=current["body"] or _("(none)"),
                    new=changes["body"] or _("(none)"),
                )
            )
        if "partner_id" in changes:
            lines.append(
                _(
                    "Customer: %(old)s → %(new)s",
                    old=review.partner_id.name or _("(none)"),
                    new=self.env["res.partner"].browse(changes["partner_id"]).name
                    or _("(none)"),
                )
            )
        back = review.state == "done"
        if back:
            # the customer spoke again, as when they answer a reply
            changes["state"] = "inbox"
            lines.append(_("Moved back to the Inbox."))
        review.write(changes)
        body = Markup("%s<ul>%s</ul>") % (
            _("The customer gave this rating again:"),
            Markup().join(Markup("<li>%s</li>") % line for line in lines),
        )
        review.with_context(review_inbox_logging=True).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.ref("base.partner_root").id,
        )
        return True

    def _review_set_flags(self, unrouted=False, company=None, error=None):
        """Say the inbox read these ratings. In SQL: the ratings' own write
        date (Odoo's "last updated", the order of its lists) stays the
        customer's."""
        if not self:
            return
        self.flush_recordset(FLAG_FIELDS)
        self.env.cr.execute(
            SQL(
                "UPDATE rating_rating SET review_sync_pending = FALSE, "
                "review_unrouted = %s, review_company_id = %s, "
                "review_sync_error = %s WHERE id IN %s",
                bool(unrouted),
                company.id if company else None,
                error or None,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(FLAG_FIELDS)

    # ------------------------------------------------------------------
    # Ratings given before: import, and the ratings left without a place
    # ------------------------------------------------------------------

    @api.model
    def _review_requeue_unrouted(self):
        """A route or a default place was set: try the ratings left without
        a place again."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE rating_rating SET review_sync_pending = TRUE "
                "WHERE review_unrouted AND review_sync_pending IS NOT TRUE"
            )
        )
        count = self.env.cr.rowcount
        if count:
            self.invalidate_model(FLAG_FIELDS)
            self._review_trigger_sync()
        return count

    def _review_check_manager(self):
        if not self.env.user.has_group("review_inbox.group_review_inbox_manager"):
            raise AccessError(
                _("Only review managers bring Odoo's ratings into the review inbox.")
            )

    @api.model
    def action_review_unrouted(self):
        """The ratings of the user's companies kept out of the inbox: no
        place (no route, no default place) or an error."""
        self._review_check_manager()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "review_inbox_rating.rating_rating_action_review_unrouted"
        )
        action["domain"] = [
            "|",
            ("review_unrouted", "=", True),
            ("review_sync_error", "!=", False),
            ("review_company_id", "in", [False, *self.env.companies.ids]),
        ]
        return action

    def action_review_retry(self):
        """Managers try these ratings again, once routes or a default place
        are set: now, and they are told what happened."""
        self._review_check_manager()
        self.check_access("read")
        companies = self.env.companies
        theirs = self._review_document_companies()
        if any(
            company not in companies
            for company in [*theirs.values(), *self.sudo().review_company_id]
        ):
            raise AccessError(_("These ratings belong to another company."))
        # sudo: checked above; the reviews are created as the job creates them
        ratings = self.sudo()
        reviews = ratings._review_sync_batch()
        left = len(
            ratings.filtered(
                lambda rating: rating.review_unrouted or rating.review_sync_error
            )
        )
        if left:
            message = _(
                "Reviews created: %(created)s. Still without a place: %(left)s "
                "(add a route or a default place).",
                created=len(reviews),
                left=left,
            )
        else:
            message = _("Reviews created: %(created)s.", created=len(reviews))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if left else "success",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
