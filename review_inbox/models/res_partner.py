from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

CUSTOMER_INFO_FIELDS = {"review_company_id", "review_customer_properties"}
UNSUBSCRIBE_SCOPE = "review_inbox-request-unsubscribe"


class ResPartner(models.Model):
    _inherit = "res.partner"

    review_company_id = fields.Many2one(
        "res.company",
        string="Customer information of",
        index="btree_not_null",
        copy=False,
        help="The company whose headquarters provide this customer's "
        "information (Review Inbox): set with the customer's first review.",
    )
    review_customer_properties = fields.Properties(
        string="Customer information",
        definition="review_company_id.review_properties_definition",
        copy=False,
        help="Provided by headquarters (age, segment, purchase amount...): one "
        "value per customer, shown beside each of their reviews.",
    )

    review_request_opt_out = fields.Boolean(
        string="No rating requests",
        copy=False,
        help="The customer asked not to receive rating requests any more (the "
        "unsubscribe link of a request email): none is sent to them.",
    )

    def _check_review_customer_info(self, vals):
        """Headquarters' information about a customer: review managers (and
        the intake paths, as superuser after their own checks) change it,
        never shop staff."""
        if (
            CUSTOMER_INFO_FIELDS & set(vals)
            and not self.env.su
            and not self.env.user.has_group("review_inbox.group_review_inbox_manager")
        ):
            raise AccessError(
                _(
                    "The customer information is provided by headquarters: "
                    "only review managers change it."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a new contact's empty information sets nothing: the ORM adds it
            # as a default when a user (and so their contact) is created
            self._check_review_customer_info(
                {name: value for name, value in vals.items() if value}
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_review_customer_info(vals)
        result = super().write(vals)
        if CUSTOMER_INFO_FIELDS & set(vals):
            # reviews show it through a related field that a Properties
            # definition makes depend on the review's company only
            self.env["review.message"].invalidate_model(["customer_properties"])
        return result

    def _review_set_customer_info(self, company, values):
        """Merge ``values`` ({property name: value}, or the web client's list
        of properties) into the customer's information for ``company``; the
        caller checked them. Called as superuser, after the caller's checks."""
        for partner in self:
            if partner.review_company_id and partner.review_company_id != company:
                # a customer shared by two companies keeps the first one's
                continue
            if not partner.review_company_id:
                # the definition first: the values are read against it
                partner.review_company_id = company
            if isinstance(values, list):  # the web client's or the import's
                values = {item["name"]: item.get("value") for item in values}
            partner.review_customer_properties = dict(
                partner.review_customer_properties or {}, **values
            )

    # ------------------------------------------------------------------
    # Rating requests: unsubscribe link
    # ------------------------------------------------------------------

    def _review_unsubscribe_token(self):
        """The signature of the customer's unsubscribe link: it never expires,
        and proves the link was made by this database for this customer."""
        self.ensure_one()
        return tools.hmac(self.env(su=True), UNSUBSCRIBE_SCOPE, self.id)

    def _review_unsubscribe_url(self):
        self.ensure_one()
        return (
            f"{self.get_base_url()}/review/unsubscribe/{self.id}/"
            f"{self._review_unsubscribe_token()}"
        )

    def _review_request_unsubscribe(self):
        """The customer's own choice, from their unsubscribe link: called as
        superuser once the link is checked."""
        self.filtered(lambda partner: not partner.review_request_opt_out).write(
            {"review_request_opt_out": True}
        )
