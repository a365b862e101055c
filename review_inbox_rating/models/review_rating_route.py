import ast
import logging

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

_logger = logging.getLogger(__name__)


class ReviewRatingRoute(models.Model):
    """Which place the ratings of some records go to: the ratings of the
    records of ``model_id`` that ``domain`` matches become reviews of
    ``place_id``. The first route that matches, by sequence, wins; a rating
    that no route matches goes to the default place of its company."""

    _name = "review.rating.route"
    _description = "Rating route"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # A selection, not the model's own Many2one to choose from: review
    # managers have no access to ir.model.
    model_name = fields.Selection(
        selection="_selection_model_name",
        string="Rated records",
        required=True,
        index=True,
        help="The kind of record rated: Task, Discussion Channel (live chat), "
        "Helpdesk Ticket...",
    )
    model_id = fields.Many2one(
        "ir.model",
        string="Model",
        compute="_compute_model_id",
        store=True,
        precompute=True,
        index=True,
        ondelete="cascade",
    )
    domain = fields.Char(
        default="[]",
        required=True,
        help="Which of these records: the ratings of the records it matches go "
        "to the place.",
    )
    place_id = fields.Many2one(
        "review.place",
        string="Place",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="place_id.company_id",
        store=True,
        index=True,
        precompute=True,
        string="Company",
    )

    @api.model
    def _selection_model_name(self):
        """The models whose records customers rate (``rating.mixin``)."""
        names = [
            name
            for name in self.env.registry.descendants(["rating.mixin"], "_inherit")
            if name != "rating.mixin"
            and not self.env[name]._abstract
            and not self.env[name]._transient
        ]
        # sudo: the models' names, which review managers may not read
        models_sudo = self.env["ir.model"].sudo().search([("model", "in", names)])
        return sorted(
            ((model.model, model.name) for model in models_sudo),
            key=lambda item: item[1],
        )

    @api.depends("model_name")
    def _compute_model_id(self):
        for route in self:
            # sudo: the model of the selection, see model_name
            route.model_id = (
                self.env["ir.model"].sudo()._get_id(route.model_name)
                if route.model_name
                else False
            )

    def _model_label(self):
        self.ensure_one()
        selection = dict(self._fields["model_name"]._description_selection(self.env))
        return selection.get(self.model_name, self.model_name)

    @api.constrains("domain", "model_name")
    def _check_domain(self):
        for route in self:
            route._get_domain(check=True)

    def _get_domain(self, check=False):
        """The route's domain as a list; ``check`` also searches with it, to
        refuse a field the model does not have."""
        self.ensure_one()
        try:
            domain = ast.literal_eval((self.domain or "").strip() or "[]")
            if not isinstance(domain, list | tuple):
                raise ValueError(domain)
            domain = list(domain)
            expression.expression(domain, self.env[self.model_name].sudo())
            if check:
                with self.env.cr.savepoint(flush=False):
                    self.env[self.model_name].sudo().search_count(domain, limit=1)
        except Exception as error:  # noqa: BLE001 any error says the same
            raise ValidationError(
                _(
                    "The domain of the route %(route)s is not valid for %(model)s: "
                    "%(error)s",
                    route=self.name,
                    model=self._model_label(),
                    error=error,
                )
            ) from error
        return domain

    @api.model_create_multi
    def create(self, vals_list):
        routes = super().create(vals_list)
        self.env["rating.rating"]._review_requeue_unrouted()
        return routes

    def write(self, vals):
        result = super().write(vals)
        self.env["rating.rating"]._review_requeue_unrouted()
        return result

    @api.model
    def _place_ratings(self, ratings):
        """``{rating id: (place, company)}`` for new ratings.

        The company is the rated record's (a task's), else, for a record
        without a company (a live chat session), that of the route that
        matched, else the main company. The place is the place of the first
        route (by sequence) of that company whose domain matches the rated
        record (for a record without a company, of any company), else the
        document's own place (``_document_places``), else the company's
        default place, else ``False``: the rating waits, listed.

        One search per route and model for the whole batch, however many
        ratings it holds.
        """
        placement = {}
        if not ratings:
            return placement
        main_company = (
            self.env.ref("base.main_company", raise_if_not_found=False)
            or self.env.company
        ).sudo()
        # sudo: the job places every company's ratings
        routes = self.sudo().search(
            [
                ("model_name", "in", list(set(ratings.mapped("res_model")))),
                ("place_id.active", "=", True),
            ]
        )
        for res_model, model_ratings in ratings.grouped("res_model").items():
            Model = self.env[res_model].sudo().with_context(active_test=False)
            records = Model.browse(set(model_ratings.mapped("res_id"))).exists()
            company_of = {}
            field = Model._fields.get("company_id")
            if (
                field
                and field.type == "many2one"
                and field.comodel_name == "res.company"
            ):
                company_of = {record.id: record.company_id for record in records}
            place_of = {}
            remaining = set(records.ids)
            for route in routes.filtered(lambda r, m=res_model: r.model_name == m):
                candidates = [
                    record_id
                    for record_id in remaining
                    if not company_of.get(record_id)
                    or company_of[record_id] == route.company_id
                ]
                if not candidates:
                    continue
                try:
                    domain = route._get_domain()
                    with self.env.cr.savepoint(flush=False):
                        found = Model.search(
                            expression.AND([domain, [("id", "in", candidates)]])
                        ).ids
                except Exception:  # noqa: BLE001 one bad route stops no rating
                    _logger.warning(
                        "Rating route %s skipped: its domain fails.",
                        route.id,
                        exc_info=True,
                    )
                    continue
                for record_id in found:
                    place_of[record_id] = route.place_id
                remaining.difference_update(found)
            if remaining:
                for record_id, place in self._document_places(
                    Model.browse(remaining)
                ).items():
                    if place.active and (
                        not company_of.get(record_id)
                        or company_of[record_id] == place.company_id
                    ):
                        place_of[record_id] = place
            for rating in model_ratings:
                place = place_of.get(rating.res_id)
                company = (
                    company_of.get(rating.res_id)
                    or (place and place.company_id)
                    or main_company
                )
                if not place:
                    place = company.review_default_place_id
                    place = place if place.active else place.browse()
                placement[rating.id] = (place, company)
        return placement

    @api.model
    def _document_places(self, records):
        """``{record id: place}``: the place of each of ``records`` (rated
        documents of one model, as superuser, that no route took) as the
        module of these documents knows it, before the company's default
        place. None here. A module whose documents belong to a place (the
        helpdesk bridge's tickets, by their team) extends it, reading the
        whole batch at once. A place archived, or of another company than
        its document, is ignored."""
        return {}

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    # Demo of the modules this one does not depend on: made when both are
    # there, whichever is installed first.
    DEMO_MODULES = ("review_inbox_rating", "project", "im_livechat")

    def _register_hook(self):
        """After an installation or update of this module, project or
        im_livechat (with demo data), make the demo of the ones now there:
        a single ``-i`` may install this module before them."""
        result = super()._register_hook()
        if set(self.env.registry.updated_modules) & set(self.DEMO_MODULES):
            with_demo = self.env["ir.module.module"].search_count(
                [("name", "=", "review_inbox_rating"), ("demo", "=", True)]
            )
            if with_demo:
                self._create_demo_data()
        return result

    @api.model
    def _create_demo_data(self):
        """Tasks of a project "Support" rated by customers and a live chat
        rating, with their routes to the demo places, then brought into the
        inbox; each once, when its module (project, im_livechat) is there."""
        ref = self.env.ref
        created = False
        if "project.task" in self.env and not ref(
            "review_inbox_rating.review_rating_route_demo_support", False
        ):
            self._create_demo_tasks()
            created = True
        if "im_livechat.channel" in self.env and not ref(
            "review_inbox_rating.review_rating_route_demo_live_chat", False
        ):
            created = self._create_demo_live_chat() or created
        if created:
            self.env["rating.rating"]._review_sync_pending()

    def _demo_xmlid(self, record, name):
        self.env["ir.model.data"].create(
            {
                "module": "review_inbox_rating",
                "name": name,
                "model": record._name,
                "res_id": record.id,
                "noupdate": True,
            }
        )

    @api.model
    def _create_demo_tasks(self):
        ref = self.env.ref
        project = self.env["project.project"].create(
            {"name": "Support", "company_id": ref("base.main_company").id}
        )
        self._demo_xmlid(project, "project_demo_support")
        route = self.create(
            {
                "name": "Support tasks",
                "model_name": "project.task",
                "domain": repr([("project_id", "=", project.id)]),
                "place_id": ref("review_inbox.review_place_par04").id,
                "sequence": 10,
            }
        )
        self._demo_xmlid(route, "review_rating_route_demo_support")
        tasks = [
            (
                "emma_martin",
                "Cannot sign in to my customer account",
                5,
                "Fixed within the hour, thank you!",
            ),
            (
                "lucas_bernard",
                "The invoice shows my old address",
                1,
                "Three emails and still the wrong address on the invoice.",
            ),
            (
                "chloe_dubois",
                "Click & Collect order not ready on time",
                3,
                "The order was ready in the end, twenty minutes late.",
            ),
            ("hugo_thomas", "Change the delivery day", 5, ""),
        ]
        for index, (customer, name, rate, feedback) in enumerate(tasks, 1):
            partner = ref(f"review_inbox.res_partner_{customer}")
            task = self.env["project.task"].create(
                {"name": name, "project_id": project.id, "partner_id": partner.id}
            )
            self._demo_xmlid(task, f"project_task_demo_support_{index}")
            token = task._rating_get_access_token(partner)
            task.rating_apply(rate, token=token, feedback=feedback or None)

    @api.model
    def _create_demo_live_chat(self):
        ref = self.env.ref
        channel = ref("im_livechat.im_livechat_channel_data", False)
        if not channel:
            return False
        route = self.create(
            {
                "name": "Live chat of the website",
                "model_name": "discuss.channel",
                "domain": repr([("livechat_channel_id", "=", channel.id)]),
                "place_id": ref("review_inbox.review_place_web01").id,
                "sequence": 20,
            }
        )
        self._demo_xmlid(route, "review_rating_route_demo_live_chat")
        customer = ref("review_inbox.res_partner_lea_robert")
        operator = ref("base.partner_admin")
        session = (
            self.env["discuss.channel"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "name": f"{customer.name}, {operator.name}",
                    "channel_type": "livechat",
                    "livechat_channel_id": channel.id,
                    "livechat_operator_id": operator.id,
                    "channel_member_ids": [
                        Command.create({"partner_id": operator.id}),
                        Command.create({"partner_id": customer.id}),
                    ],
                }
            )
        )
        self._demo_xmlid(session, "discuss_channel_demo_live_chat")
        session.message_post(
            body=self.env._("Is my order S00042 shipped yet?"),
            author_id=customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("discuss.channel"),
                "res_id": session.id,
                "parent_res_model_id": self.env["ir.model"]._get_id(
                    "im_livechat.channel"
                ),
                "parent_res_id": channel.id,
                "rated_partner_id": operator.id,
                "partner_id": customer.id,
                "rating": 1,
                "feedback": "Twenty minutes before anyone answered.",
                "consumed": True,
            }
        )
        self._demo_xmlid(rating, "rating_demo_live_chat")
        return True
