import re
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.sql_db import Cursor

from odoo.addons.review_inbox.tests.common import ReviewInboxCase

SYNC_CRON = "review_inbox_rating.ir_cron_review_rating_sync"
REVIEW_WRITE_RE = re.compile(
    r"\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(review_message|mail_message)\b",
    re.IGNORECASE,
)


class RatingCase(ReviewInboxCase):
    """Tasks of the projects "Support" and "Sales" of the first company, a
    task of the other company, and a route of Support's tasks to place A.

    project and im_livechat are installed with this module for its tests
    (TESTED_WITH of tests/harness.py); it depends on neither.
    """

    @classmethod
    def _create_review_fixtures(cls):
        result = super()._create_review_fixtures()
        Project = cls.env["project.project"]
        # its tasks are its followers' only: place staff cannot read them
        cls.project_support = Project.create(
            {
                "name": "Support",
                "company_id": cls.company.id,
                "privacy_visibility": "followers",
            }
        )
        cls.project_sales = Project.create(
            {"name": "Sales", "company_id": cls.company.id}
        )
        cls.project_y = Project.create(
            {"name": "Other Corp support", "company_id": cls.company_y.id}
        )
        cls.task = cls._task("Cannot sign in", cls.project_support)
        cls.task_2 = cls._task("Wrong invoice address", cls.project_support)
        cls.task_sales = cls._task("Quote please", cls.project_sales)
        cls.task_y = cls._task("Other company's task", cls.project_y)
        cls.task_model = cls.env["ir.model"]._get("project.task")
        cls.route_support = cls.env["review.rating.route"].create(
            {
                "name": "Support tasks",
                "model_name": "project.task",
                "domain": repr([("project_id", "=", cls.project_support.id)]),
                "place_id": cls.place_a.id,
            }
        )
        # what the routes tried again (the demo's ratings without a place)
        # is done before the tests
        cls.env["rating.rating"]._review_sync_pending()
        return result

    @classmethod
    def _task(cls, name, project, partner=None):
        return cls.env["project.task"].create(
            {
                "name": name,
                "project_id": project.id,
                "partner_id": (partner or cls.customer).id,
            }
        )

    @classmethod
    def _livechat_session(cls, partner=None):
        """A live chat session of the channel "Website", with its operator
        (and ``partner`` as the visitor, if given)."""
        channel = cls.env["im_livechat.channel"].create({"name": "Website"})
        members = [Command.create({"partner_id": cls.env.user.partner_id.id})]
        if partner:
            members.append(Command.create({"partner_id": partner.id}))
        return channel, cls.env["discuss.channel"].create(
            {
                "name": "Visitor",
                "channel_type": "livechat",
                "livechat_channel_id": channel.id,
                "livechat_operator_id": cls.env.user.partner_id.id,
                "channel_member_ids": members,
            }
        )

    def setUp(self):
        super().setUp()
        # the set-up's routes tried the demo's ratings without a place again,
        # and triggered the job (once per transaction: as a new one)
        self._triggers_before = self.sync_triggers()
        self.env.cr.postcommit.data.pop(SYNC_CRON, None)

    def new_sync_triggers(self):
        """The job's triggers since the test began."""
        return self.sync_triggers() - self._triggers_before

    def rating_token(self, record):
        """The token of a rating request about ``record`` (a new rating)."""
        return record.sudo()._rating_get_access_token()

    def give_rating(self, record, rate, feedback=None, token=None):
        """The customer rates ``record`` through its token (a new one unless
        given), as Odoo's pages do; return the rating."""
        token = token or self.rating_token(record)
        return record.sudo().rating_apply(rate, token=token, feedback=feedback)

    def sync(self):
        """Run the job the ratings triggered."""
        self.env["rating.rating"]._cron_review_sync()
        self.env.invalidate_all()

    def review_of(self, rating):
        return self.env["review.message"].sudo().search([("rating_id", "=", rating.id)])

    def rating_notes(self, review):
        """The notes saying the customer gave the rating again, newest first."""
        return review.message_ids.filtered(
            lambda message: "gave this rating again" in message.body
        )

    def sync_triggers(self):
        cron = self.env.ref(SYNC_CRON)
        return self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)])

    @contextmanager
    def recorded_statements(self):
        """The SQL statements run meanwhile, what was pending flushed first
        and last."""
        self.env.flush_all()
        statements = []
        execute = Cursor.execute

        def recording_execute(cr, query, *args, **kwargs):
            statements.append(str(getattr(query, "code", query)))
            return execute(cr, query, *args, **kwargs)

        with patch.object(Cursor, "execute", recording_execute):
            yield statements
            self.env.flush_all()

    @contextmanager
    def assertNoReviewWrite(self):
        """Meanwhile, no review nor chatter message is written."""
        with self.recorded_statements() as statements:
            yield
        self.assertTrue(statements, "the queries were seen")
        self.assertFalse([s for s in statements if REVIEW_WRITE_RE.match(s)])
