from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html, split_every

from odoo.addons.review_inbox.models.review_message import CONVERSATION_RANKS
from odoo.addons.review_inbox.tools import sla

# Rows of one INSERT of _review_bulk_create.
BULK_INSERT_ROWS = 1000
# Records whose chatter the customer reads too: a note there would reach them.
NO_NOTE_MODELS = frozenset({"discuss.channel"})


class ReviewMessage(models.Model):
    _inherit = "review.message"

    source = fields.Selection(
        selection_add=[("rating", "Odoo rating")],
        ondelete={"rating": "set default"},
    )
    rating_id = fields.Many2one(
        "rating.rating",
        string="Odoo rating",
        readonly=True,
        copy=False,
        ondelete="set null",
        # looked up through the index of rating_id_uniq
        help="The rating given in Odoo (task, live chat, ticket...) that this "
        "review brings into the inbox.",
    )
    res_model = fields.Char(
        string="Rated document model", readonly=True, copy=False, index="btree_not_null"
    )
    res_id = fields.Many2oneReference(
        string="Rated document id", model_field="res_model", readonly=True, copy=False
    )
    res_name = fields.Char(
        string="Rated document",
        readonly=True,
        copy=False,
        help="The rated document's name when the rating was given.",
    )
    res_model_name = fields.Char(
        string="Rated document type", compute="_compute_res_model_name"
    )

    _sql_constraints = [
        (
            "rating_id_uniq",
            "unique(rating_id)",
            "An Odoo rating is brought into the inbox once: it has one review.",
        ),
    ]

    @api.depends("res_model")
    def _compute_res_model_name(self):
        for review in self:
            # sudo: the model's name, which place staff may not read
            review.res_model_name = (
                self.env["ir.model"].sudo()._get(review.res_model).name
                if review.res_model
                else False
            )

    @api.model
    def _protected_fields(self):
        return super()._protected_fields() | {
            "rating_id",
            "res_model",
            "res_id",
            "res_name",
        }

    @api.model
    def _review_bulk_create(self, vals_list):
        """Create the reviews of many past ratings at once: what create()
        does, by batch rather than review by review.

        create() completes the values of each review one at a time (its
        defaults, then its precomputed fields on a new record), which makes
        an import of 100,000 ratings take many minutes. Here the defaults
        are read once, the stored computed fields of the core given for the
        whole batch (``_review_bulk_computed_values``; any other one is
        computed by the ORM afterwards), the rows inserted as the ORM's
        ``_create`` does (then what depends on them marked, the constraints
        checked), then comes what the core's
        create() does once reviews exist: sender blocks, the live inbox. As
        superuser, for values the bridge made (the place of a route or the
        company's default place, a customer of that company or of none, a
        rating from 1 to 5). Another module's create() does not run here: a
        module that acts on new reviews extends this method too.
        """
        if not vals_list:
            return self.browse()
        Review = self.sudo()
        given = set().union(*vals_list)
        missing = [
            name
            for name, field in Review._fields.items()
            if field.store
            and field.column_type
            and not field.compute
            and name not in given
            and name not in ("id", *models.LOG_ACCESS_COLUMNS)
        ]
        defaults = Review.default_get(missing)
        now = self.env.cr.now()
        log = {
            "create_uid": self.env.uid,
            "create_date": now,
            "write_uid": self.env.uid,
            "write_date": now,
        }
        stored_list = [{**defaults, **vals, **log} for vals in vals_list]
        known = Review._review_bulk_computed_values(stored_list)
        columns = sorted(
            {name for stored in stored_list for name in stored},
            key=lambda name: Review._fields[name]._sequence,
        )
        fields_ = [Review._fields[name] for name in columns]
        ids = []
        for chunk in split_every(BULK_INSERT_ROWS, stored_list):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s) VALUES %s RETURNING id",
                    SQL.identifier(Review._table),
                    SQL(", ").join(map(SQL.identifier, columns)),
                    SQL(", ").join(
                        tuple(
                            field.convert_to_column_insert(
                                stored.get(field.name), Review, stored
                            )
                            for field in fields_
                        )
                        for stored in chunk
                    ),
                )
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
        reviews = Review.browse(ids)
        # what _create() does after its insert, but the cache: the batch is
        # read back when needed, and the lists of reviews in cache (a
        # place's...) are read again
        for field in fields_:
            for inverse in self.pool.field_inverses[field]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        protected = [Review._fields[name] for name in known]
        with self.env.protecting(protected, reviews):
            reviews.modified(columns, create=True)
        for field in Review._fields.values():
            if field.store and field.compute and field.name not in known:
                self.env.add_to_compute(field, reviews)
        reviews._validate_fields(columns)
        reviews._apply_sender_blocks()
        reviews._notify_inbox_staff(new=True)
        return reviews.with_env(self.env)

    @api.model
    def _review_bulk_computed_values(self, stored_list):
        """Put in each of ``stored_list`` (the values of a new review of a
        rating) the stored computed fields of the core, as their computes
        give them for such a review: its place's company, the customer's
        name, the company's alert rule, no category, assignee, hold nor
        conversation yet, no first response, the deadline of the company's
        target and its status now. Return their names. A test compares these
        reviews with those create() makes, field by field."""
        places = (
            self.env["review.place"]
            .sudo()
            .browse({stored["place_id"] for stored in stored_list})
        )
        company_of = {place.id: place.company_id for place in places}
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse(
                {
                    stored["partner_id"]
                    for stored in stored_list
                    if stored.get("partner_id")
                }
            )
        )
        name_of = {partner.id: partner.name for partner in partners}
        now = fields.Datetime.now()
        for stored in stored_list:
            company = company_of[stored["place_id"]]
            is_alert = 0 < stored["rating"] <= company.review_alert_threshold
            review_date = fields.Datetime.to_datetime(stored["review_date"])
            deadline = company._review_sla_deadline(review_date, is_alert)
            stored.update(
                company_id=company.id,
                partner_name=name_of.get(stored.get("partner_id")) or False,
                category_key=False,
                is_alert=is_alert,
                priority="alert" if is_alert else "new",
                user_partner_id=False,
                conversation_rank=CONVERSATION_RANKS[stored["conversation_state"]],
                reply_not_delivered=False,
                first_response_hours=0.0,
                sla_deadline=deadline,
                sla_status=sla.status_at(
                    now,
                    state=stored["state"],
                    review_date=review_date,
                    deadline=deadline,
                    responded=False,
                    closed=stored.get("last_action_date") or False,
                ),
            )
        return {
            "company_id",
            "partner_name",
            "category_key",
            "is_alert",
            "priority",
            "user_partner_id",
            "conversation_rank",
            "reply_not_delivered",
            "first_response_hours",
            "sla_deadline",
            "sla_status",
        }

    def _rated_document(self):
        """The rated document, if it still exists."""
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    def action_open_rated_document(self):
        self.ensure_one()
        if not self.res_model:
            return super().action_open_rated_document()
        self.check_access("read")
        document = self._rated_document()
        if document is None:
            raise UserError(_("The rated document no longer exists."))
        if not document.has_access("read"):
            raise UserError(
                _(
                    "You are not allowed to open %(document)s.",
                    document=self.res_name or _("the rated document"),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "res_id": document.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def send_reply(self, body, expected_last_entry_id=None):
        """Reply to the customer, and tell the people of the rated document
        (a task's, a ticket's) in its chatter."""
        entry = super().send_reply(body, expected_last_entry_id)
        self._log_reply_on_rated_document(entry)
        return entry

    def _log_reply_on_rated_document(self, entry):
        """An internal note on the rated document's chatter, with the reply.

        Not on a record whose chatter the customer reads (a live chat
        session): the note would reach them as a chat message.
        """
        self.ensure_one()
        if not self.rating_id or self.res_model in NO_NOTE_MODELS:
            return None
        # sudo: the reply was just sent, with the review's write access
        # checked; the staff need no rights on the rated document to have
        # its people told
        document = self.sudo()._rated_document()
        if document is None or not isinstance(
            document, self.env.registry["mail.thread"]
        ):
            return None
        body = Markup("%s<br/>%s") % (
            _(
                "Reply sent from the review inbox to %(customer)s, about their "
                "rating (%(rating)s/5):",
                customer=self.partner_id.display_name,
                rating=self.rating,
            ),
            plaintext2html(entry.sudo().body),
        )
        return document.with_context(mail_create_nosubscribe=True).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
