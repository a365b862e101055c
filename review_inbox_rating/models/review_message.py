from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

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
