from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import ReviewInboxCase

# what a user who may not read the customer must never get from a wizard (the
# name is on the review itself: partner_name, and Odoo shows a many2one's name)
SECRETS = ("carla@customer.test", "+33 1 23", "care@other.test")


def wizard_models(env):
    """Every action wizard of a review, those of other modules included."""
    mixin = env.registry["review.wizard.mixin"]
    return sorted(
        name
        for name, model in env.registry.items()
        if not model._abstract and issubclass(model, mixin)
    )


class WizardAccessCase(ReviewInboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.mobile = "+33 1 23"
        cls.company_y.review_customer_service_email = "care@other.test"
        cls.review_y.partner_id = cls.customer
        cls.denied_users = cls.user_b | cls.viewer | cls.manager_y
        # another place, read only, another company (both ways)
        cls.denied = [(user, cls.review_a) for user in cls.denied_users] + [
            (cls.user_a, cls.review_y),
            (cls.manager, cls.review_y),
        ]
        cls.models = wizard_models(cls.env)

    def _fields_spec(self, model):
        """What a form asks for: every field, the name of related records."""
        spec = {}
        for name, field in self.env[model]._fields.items():
            if field.type in ("many2one", "many2many", "one2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def _required_values(self, model):
        """Values for the required fields without a default, whatever the wizard."""
        values = {}
        for name, field in self.env[model]._fields.items():
            if name == "review_id" or not field.required or field.default:
                continue
            if field.type in ("char", "text", "html"):
                values[name] = "Test"
            elif field.type == "selection":
                values[name] = field.get_values(self.env)[0]
            elif field.type == "many2one":
                comodel = self.env[field.comodel_name]
                values[name] = (
                    self.user_a.id
                    if comodel._name == "res.users"
                    else comodel.search([], limit=1).id
                )
        return values

    def _own_wizard(self, model, review, user=None):
        """A wizard that the place's staff opened, as the web client does."""
        return (
            self.env[model]
            .with_user(user or self.user_a)
            .create(dict(self._required_values(model), review_id=review.id))
        )

    def assertNoSecret(self, values, model, user):
        text = str(values)
        for secret in SECRETS:
            self.assertNotIn(secret, text, f"{model} shows {secret!r} to {user.login}")


@tagged("post_install", "-at_install")
class TestWizardAccess(WizardAccessCase):
    """No action wizard, present or future, opens on a review its user may
    not act on, nor shows what its user may not read."""

    def test_every_wizard_is_covered(self):
        # no reply wizard: the reply is written in the review form's composer,
        # whose access test_reply_composer.py checks
        self.assertGreaterEqual(
            set(self.models),
            {
                "review.call.wizard",
                "review.delegate.wizard",
                "review.forward.wizard",
                "review.hold.wizard",
                "review.share.wizard",
            },
        )

    def test_the_place_staff_opens_every_wizard(self):
        for model in self.models:
            Wizard = self.env[model].with_user(self.user_a)
            defaults = Wizard.with_context(
                active_model="review.message", active_id=self.alert_a.id
            ).default_get(["review_id"])
            self.assertEqual(defaults["review_id"], self.alert_a.id, model)
            result = Wizard.onchange(
                {"review_id": self.alert_a.id}, ["review_id"], self._fields_spec(model)
            )
            self.assertIn("value", result, model)
            wizard = self._own_wizard(model, self.alert_a)
            self.assertEqual(
                wizard.read(["review_id"])[0]["review_id"][0], self.alert_a.id
            )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_no_wizard_for_a_review_the_user_cannot_act_on(self):
        for model in self.models:
            for user, review in self.denied:
                Wizard = self.env[model].with_user(user)
                msg = f"{model} as {user.login} on {review.body}"
                with self.assertRaises(AccessError, msg=msg):
                    Wizard.with_context(
                        active_model="review.message", active_id=review.id
                    ).default_get(list(Wizard._fields))
                with self.assertRaises(AccessError, msg=msg):
                    Wizard.with_context(default_review_id=review.id).default_get(
                        ["review_id"]
                    )
                with self.assertRaises(AccessError, msg=msg):
                    Wizard.onchange(
                        {"review_id": review.id},
                        ["review_id"],
                        self._fields_spec(model),
                    )
                with self.assertRaises(AccessError, msg=msg):
                    Wizard.create(
                        dict(self._required_values(model), review_id=review.id)
                    )
                with self.assertRaises(AccessError, msg=msg):
                    Wizard.with_context(default_review_id=review.id).create(
                        self._required_values(model)
                    )
        for model in self.models:
            self.assertFalse(
                self.env[model].search(
                    [("review_id", "in", (self.review_a | self.review_y).ids)]
                ),
                f"no {model} was saved",
            )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_no_moving_a_wizard_to_another_review(self):
        for model in self.models:
            wizard = self._own_wizard(model, self.review_b, user=self.user_b)
            with self.assertRaises(AccessError, msg=model):
                wizard.write({"review_id": self.review_a.id})
            wizard.invalidate_recordset()
            self.assertEqual(wizard.sudo().review_id, self.review_b, model)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_nobody_else_reads_a_wizard(self):
        for model in self.models:
            wizard = self._own_wizard(model, self.review_a)
            for user in self.denied_users | self.manager:
                with self.assertRaises(AccessError, msg=f"{model} as {user.login}"):
                    wizard.with_user(user).read(list(wizard._fields))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_wizard_fields_follow_the_review_access(self):
        """The review left the user's places after the wizard was opened: none
        of its fields shows the customer any more."""
        for model in self.models:
            wizard = self._own_wizard(model, self.review_a)
            self.review_a.place_id = self.place_b
            self.env.invalidate_all()
            for name in wizard._fields:
                try:
                    values = wizard.read([name])
                except AccessError:
                    continue
                self.assertNoSecret(values, model, self.user_a)
                self.fail(f"{model}.{name} is read on a review left behind")
            self.review_a.place_id = self.place_a

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_wizard_fields_follow_the_customer_access(self):
        """A customer of another company: the review is the user's, its
        customer is not; no wizard field shows them."""
        self.customer.company_id = self.company_y
        self.review_y.partner_id = False
        for model in self.models:
            try:
                wizard = self._own_wizard(model, self.review_a)
            except AccessError:
                continue
            spec = self._fields_spec(model)
            for name in wizard._fields:
                self.env.invalidate_all()
                try:
                    values = wizard.read([name])
                    web_values = wizard.web_read({name: spec[name]})
                except AccessError:
                    continue
                self.assertNoSecret([values, web_values], model, self.user_a)


@tagged("post_install", "-at_install")
class TestWizardAccessRpc(WizardAccessCase, HttpCase):
    """The same, as the web client calls it over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in cls.denied_users | cls.user_a | cls.manager:
            user.password = user.login

    def _call_kw(self, user, model, method, *args, **kwargs):
        """``args`` start with the record ids, as the web client sends them."""
        self.authenticate(user.login, user.login)
        context = {"allowed_company_ids": user.company_ids.ids}
        context.update(kwargs.pop("context", {}))
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": dict(kwargs, context=context),
            },
        )

    def test_place_staff_over_json_rpc(self):
        for model in self.models:
            spec = self._fields_spec(model)
            result = self._call_kw(
                self.user_a,
                model,
                "onchange",
                [],
                {},
                [],
                spec,
                context={
                    "active_model": "review.message",
                    "active_id": self.review_a.id,
                },
            )
            self.assertEqual(result["value"]["review_id"]["id"], self.review_a.id)
            saved = self._call_kw(
                self.user_a,
                model,
                "web_save",
                [],
                dict(self._required_values(model), review_id=self.review_a.id),
                specification={"review_id": {}},
            )
            self.assertEqual(saved[0]["review_id"], self.review_a.id)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_denied_over_json_rpc(self):
        for model in self.models:
            spec = self._fields_spec(model)
            own = {
                self.review_a: self._own_wizard(model, self.review_a),
                self.review_y: self._own_wizard(model, self.review_y, self.manager_y),
            }
            for user, review in self.denied:
                msg = f"{model} as {user.login} on {review.body}"
                values = dict(self._required_values(model), review_id=review.id)
                context = {"active_model": "review.message", "active_id": review.id}
                calls = (
                    ("onchange", ([], {}, [], spec), {"context": context}),
                    (
                        "onchange",
                        ([], {"review_id": review.id}, ["review_id"], spec),
                        {},
                    ),
                    ("web_save", ([], values), {"specification": spec}),
                    ("web_read", (own[review].ids, spec), {}),
                )
                for method, args, kwargs in calls:
                    with self.assertRaisesRegex(
                        JsonRpcException, "AccessError", msg=f"{msg}: {method}"
                    ):
                        self._call_kw(user, model, method, *args, **kwargs)
        for model in self.models:
            for review in (self.review_a, self.review_y):
                self.assertEqual(
                    self.env[model].search_count([("review_id", "=", review.id)]),
                    1,
                    f"only the staff's own {model} exists",
                )
