import logging
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

from odoo.addons.review_inbox.tools.jobs import commit_batch

from .rating_rating import SYNC_BATCH

_logger = logging.getLogger(__name__)


class ReviewRatingImport(models.Model):
    """An import of past ratings into the inbox, done by the job in batches.

    The ratings given since ``since`` that have no review yet are read in
    the order of their ids, a batch at a time, from ``last_rating_id`` on:
    an import stopped half-way (a server restart) goes on where it was. No
    rating is written to be imported: 100,000 ratings cost no update of
    Odoo's ratings table.
    """

    _name = "review.rating.import"
    _description = "Import of past Odoo ratings"
    _order = "id desc"

    since = fields.Datetime(required=True, readonly=True)
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        readonly=True,
        help="The ratings of these companies' documents, and of documents "
        "without a company; empty: every company's.",
    )
    last_rating_id = fields.Integer(
        string="Last rating read",
        readonly=True,
        help="The import goes on after this rating.",
    )
    review_count = fields.Integer(string="Reviews created", readonly=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")],
        default="running",
        required=True,
        readonly=True,
        index=True,
    )

    @api.model
    def _start(self, days, companies=None):
        """An import of the ratings of the last ``days`` days, as superuser:
        the caller checked who asks."""
        return (
            self.sudo()
            .create(
                {
                    "since": fields.Datetime.now() - timedelta(days=days),
                    "company_ids": [Command.set(companies.ids)] if companies else [],
                }
            )
            .with_env(self.env)
        )

    def _next_ratings(self, batch):
        """The next ``batch`` ratings to import, by id."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT r.id FROM rating_rating r WHERE r.id > %s AND r.rating > 0 "
                "AND r.write_date >= %s AND r.res_model IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM review_message m "
                "WHERE m.rating_id = r.id) ORDER BY r.id LIMIT %s",
                self.last_rating_id,
                self.since,
                batch,
            )
        )
        return (
            self.env["rating.rating"]
            .sudo()
            .browse(row[0] for row in self.env.cr.fetchall())
        )

    def _run(self, batch=SYNC_BATCH, commit=False):
        """Import, a batch at a time (committed with ``commit``); return how
        many ratings were read."""
        done = 0
        for job in self.sudo():
            while job.state == "running":
                ratings = job._next_ratings(batch)
                if not ratings:
                    job.state = "done"
                    break
                last_id = ratings[-1].id
                if job.company_ids:
                    company_of = ratings._review_document_companies()
                    ratings = ratings.filtered(
                        lambda rating, job=job, company_of=company_of: (
                            company_of.get(rating.id) in (None, *job.company_ids)
                        )
                    )
                reviews = ratings._review_sync_batch(bulk=True)
                job.write(
                    {
                        "last_rating_id": last_id,
                        "review_count": job.review_count + len(reviews),
                    }
                )
                done += len(ratings)
                if commit:
                    commit_batch(self.env)
                    self.env["ir.cron"]._notify_progress(done=done, remaining=1)
            _logger.info(
                "Import %s of past ratings: %s reviews created.",
                job.id,
                job.review_count,
            )
        return done
