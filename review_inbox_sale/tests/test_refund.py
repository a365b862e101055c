from contextlib import contextmanager
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users, warmup
from odoo.tools import mute_logger

from ..models.review_message import REFUND_REVIEW_KEY
from .common import ReviewSaleCase
from .test_sale_rating import SentOrderMixin

WIZARD_VIEW = "account.view_account_move_reversal"
# What the review form reads of its refunds, for a user with invoicing
# rights (its view's specification).
REFUND_SPEC = {
    "refund_invoice_count": {},
    "refund_move_ids": {
        "fields": {
            "currency_id": {"fields": {}},
            "display_name": {},
            "amount_total": {},
            "state": {},
        }
    },
}
# Queries of the refunds of a review for a user with invoicing rights: its
# credit notes (1); its order, the order's lines and their invoice lines (5);
# the invoices and the credit notes reversing them (2); their currency (1).
REFUND_FORM_QUERIES = 9


class RefundCase(SentOrderMixin, ReviewSaleCase):
    """An order of Place A, rated 1, invoiced and posted; place staff with
    and without invoicing rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        staff_invoicing = (
            "review_inbox.group_review_inbox_user,account.group_account_invoice"
        )
        common = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        cls.invoicer_a = new_test_user(
            cls.env, login="invoicer_a", groups=staff_invoicing, **common
        )
        cls.invoicer_b = new_test_user(
            cls.env, login="invoicer_b", groups=staff_invoicing, **common
        )
        cls.place_a.user_ids |= cls.invoicer_a
        cls.place_b.user_ids |= cls.invoicer_b
        cls.invoicer_y = new_test_user(
            cls.env,
            login="invoicer_y",
            groups="review_inbox.group_review_inbox_manager,"
            "account.group_account_invoice",
            company_id=cls.company_y.id,
            company_ids=cls.company_y.ids,
        )
        cls.order, cls.review = cls._rated_order(
            [(cls.service, 2, 65.0), (cls.gift_card, 1, 50.0)]
        )
        cls.invoice = cls._posted_invoice(cls.order)

    @classmethod
    def _rated_order(cls, lines=None, partner=None):
        order, request, _token = cls._sent_order_request(partner, lines=lines)
        return order, request._submit_rating(1, "The workshop was cancelled")

    @classmethod
    def _posted_invoice(cls, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _wizard(self, user, review=None, reason="Workshop cancelled"):
        """Odoo's credit-note wizard as the review's Refund opens it."""
        action = (review or self.review).with_user(user).action_refund()
        form = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"]),
            view=WIZARD_VIEW,
        )
        form.reason = reason
        return form.save()

    def _refund(self, user, review=None, **kwargs):
        """The credit note of the review's Refund, Reverse clicked."""
        wizard = self._wizard(user, review, **kwargs)
        wizard.refund_moves()
        return wizard.new_move_ids

    def _wizard_values(self):
        """What the wizard's form sends (its journal comes from its onchange)."""
        return {"journal_id": self.invoice.journal_id.id}

    @contextmanager
    def assertRefused(self, exception, text):
        """``exception`` saying ``text``; what was done meanwhile is rolled
        back (assertRaises' savepoint, which assertRaisesRegex lacks)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _keep_only(self, credit_note, product):
        credit_note.invoice_line_ids.filtered(
            lambda line: line.product_id != product
        ).unlink()

    def _refund_notes(self, review):
        return review.message_ids.filtered(
            lambda message: "Refund: credit note" in (message.body or "")
        )


@tagged("post_install", "-at_install")
class TestRefund(RefundCase):
    """Refund opens Odoo's credit-note wizard on the order's posted invoices;
    its credit notes are tied to the review and shown on it."""

    def test_action_opens_the_credit_note_wizard(self):
        other_order, _other_review = self._rated_order(partner=self.bob)
        self._posted_invoice(other_order)
        action = self.review.with_user(self.invoicer_a).action_refund()
        self.assertEqual(action["res_model"], "account.move.reversal")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["views"], [(self.env.ref(WIZARD_VIEW).id, "form")])
        self.assertEqual(
            action["context"],
            {
                "active_model": "account.move",
                "active_ids": self.invoice.ids,
                "active_id": self.invoice.id,
                REFUND_REVIEW_KEY: self.review.id,
            },
        )
        wizard = self._wizard(self.invoicer_a)
        self.assertEqual(wizard.move_ids, self.invoice)
        self.assertEqual(wizard.review_id, self.review)

    def test_invoicing_user_refunds(self):
        credit_note = self._refund(self.invoicer_a)
        self.assertRecordValues(
            credit_note,
            [
                {
                    "move_type": "out_refund",
                    "state": "draft",
                    "reversed_entry_id": self.invoice.id,
                    "review_id": self.review.id,
                    "amount_total": 180.0,
                    "partner_id": self.customer.id,
                }
            ],
        )
        self.assertEqual(self.review.refund_move_ids, credit_note)
        [note] = self._refund_notes(self.review)
        self.assertEqual(note.author_id, self.invoicer_a.partner_id)
        self.assertIn("Draft Credit Note", note.body)
        self.assertIn(self.invoice.name, note.body)
        self.assertIn("180.00", note.body)
        self.assertRegex(
            note.body,
            rf"data-oe-model=.account\.move. data-oe-id=.{credit_note.id}.",
            "a link to the credit note",
        )
        self.assertTrue(self.review.is_treated)
        credit_note.action_post()
        posted = self.review.message_ids[0]
        self.assertIn(f"Credit note {credit_note.name} of", posted.body)
        self.assertTrue(credit_note.name.startswith("R"), "numbered once posted")

    def test_refund_shown_on_the_review(self):
        credit_note = self._refund(self.invoicer_a)
        credit_note.action_post()
        review = self.review.with_user(self.invoicer_a)
        [values] = review.web_read(REFUND_SPEC)
        [line] = values["refund_move_ids"]
        self.assertEqual(line["id"], credit_note.id)
        self.assertEqual(line["amount_total"], 180.0)
        self.assertEqual(line["state"], "posted")
        self.assertIn(credit_note.name, line["display_name"])
        self.assertEqual(values["refund_invoice_count"], 0, "refunded in full")
        action = credit_note.with_user(self.invoicer_a).get_formview_action()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("account.move", credit_note.id)
        )

    def test_reverse_and_create_invoice(self):
        """Reverse and Create Invoice: the credit note, posted at once, is the
        review's; the new invoice is not."""
        wizard = self._wizard(self.invoicer_a)
        wizard.modify_moves()
        credit_note = self.invoice.reversal_move_ids
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(self.review.refund_move_ids, credit_note)
        self.assertNotIn(self.review, wizard.new_move_ids.review_id)
        [note] = self._refund_notes(self.review)
        self.assertIn(credit_note.name, note.body)
        self.assertFalse(
            self.review.message_ids.filtered(lambda m: "posted." in (m.body or "")),
            "one line for a credit note posted by the wizard",
        )

    def test_second_refund_of_the_same_order(self):
        first = self._refund(self.invoicer_a)
        self._keep_only(first, self.service)
        first.action_post()
        review = self.review.with_user(self.invoicer_a)
        self.assertEqual(review.refund_invoice_count, 1, "50.00 left to refund")
        second = self._refund(self.invoicer_a, reason="The gift card too")
        self.assertNotEqual(second, first)
        self.assertEqual(second.reversed_entry_id, self.invoice)
        self._keep_only(second, self.gift_card)
        second.action_post()
        self.assertEqual(self.review.refund_move_ids, first | second)
        self.assertEqual(len(self._refund_notes(self.review)), 2)
        self.assertEqual((first | second).mapped("amount_total"), [130.0, 50.0])
        self.assertEqual(self.order._review_refunded(), self.order)
        review.invalidate_recordset()
        self.assertEqual(review.refund_invoice_count, 0)
        with self.assertRefused(UserError, "no posted invoice left to refund"):
            review.action_refund()

    def test_reversed_invoice_not_refunded_again(self):
        self.invoice._reverse_moves(cancel=True)
        self.assertEqual(self.invoice.payment_state, "reversed")
        review = self.review.with_user(self.invoicer_a)
        self.assertEqual(review.refund_invoice_count, 0)
        with self.assertRefused(UserError, "no posted invoice left to refund"):
            review.action_refund()

    def test_draft_credit_note_does_not_count(self):
        self._refund(self.invoicer_a)
        review = self.review.with_user(self.invoicer_a)
        self.assertEqual(review.refund_invoice_count, 1)
        self.assertEqual(
            review.action_refund()["context"]["active_ids"], self.invoice.ids
        )

    def test_no_posted_invoice(self):
        order, review = self._rated_order(partner=self.bob)
        review = review.with_user(self.invoicer_a)
        with self.assertRefused(UserError, "no posted invoice left to refund"):
            review.action_refund()
        draft = order._create_invoices()
        self.assertEqual(draft.state, "draft")
        review.invalidate_recordset()
        self.assertEqual(review.refund_invoice_count, 0)
        with self.assertRefused(UserError, "no posted invoice left to refund"):
            review.action_refund()
        with self.assertRefused(UserError, "tied to no sale order"):
            self.review_a.with_user(self.invoicer_a).action_refund()
        self.assertFalse(draft.reversal_move_ids)

    @users("place_a_user")
    def test_staff_without_invoicing_rights_refused(self):
        self.assertFalse(self.env.user.has_group("account.group_account_invoice"))
        review = self.review.with_env(self.env)
        with self.assertRefused(AccessError, "invoicing rights"):
            review.action_refund()
        self.assertEqual(review.refund_invoice_count, 0)
        context = {
            "active_model": "account.move",
            "active_ids": self.invoice.ids,
            REFUND_REVIEW_KEY: self.review.id,
        }
        with self.assertRaises(AccessError):
            self.env["account.move.reversal"].with_context(**context).create(
                self._wizard_values()
            )
        self.assertFalse(self.invoice.reversal_move_ids)

    def test_invoices_to_refund_per_user(self):
        """Whether the button shows depends on who reads the review, in one
        transaction too."""
        self.assertEqual(self.review.with_user(self.invoicer_a).refund_invoice_count, 1)
        self.assertEqual(self.review.with_user(self.user_a).refund_invoice_count, 0)
        self.assertEqual(self.review.with_user(self.invoicer_b).refund_invoice_count, 0)

    def test_refund_button_for_invoicing_users_only(self):
        def arch(user):
            views = (
                self.env["review.message"].with_user(user).get_views([(False, "form")])
            )
            return views["views"]["form"]["arch"]

        staff, invoicing = arch(self.user_a), arch(self.invoicer_a)
        self.assertIn('name="action_refund"', invoicing)
        self.assertIn('name="refund_move_ids"', invoicing)
        self.assertNotIn('name="refund_summary"', invoicing)
        self.assertNotIn('name="action_refund"', staff)
        self.assertNotIn('name="refund_move_ids"', staff)
        self.assertIn('name="refund_summary"', staff)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_other_place_and_company_never(self):
        self.viewer.groups_id |= self.env.ref("account.group_account_invoice")
        context = {
            "active_model": "account.move",
            "active_ids": self.invoice.ids,
            REFUND_REVIEW_KEY: self.review.id,
        }
        for user in (self.invoicer_b, self.viewer, self.invoicer_y):
            with self.subTest(user=user.login):
                review = self.review.with_user(user)
                with self.assertRaises(AccessError):
                    review.action_refund()
                self.assertEqual(review.refund_invoice_count, 0)
                with self.assertRaises(AccessError):
                    self.env["account.move.reversal"].with_user(user).with_context(
                        **context
                    ).create(self._wizard_values())
        self.assertFalse(self.invoice.reversal_move_ids)
        self.assertFalse(self.review.refund_move_ids)

    def test_wizard_moved_to_other_invoices_refused(self):
        """The review's Refund refunds its own order's invoices only, whatever
        active_ids says."""
        other_order, _other_review = self._rated_order(partner=self.bob)
        other_invoice = self._posted_invoice(other_order)
        context = self.review.with_user(self.invoicer_a).action_refund()["context"]
        context.update(active_ids=other_invoice.ids, active_id=other_invoice.id)
        Wizard = self.env["account.move.reversal"].with_user(self.invoicer_a)
        with self.assertRefused(UserError, self.invoice.name):
            Wizard.with_context(**context).create(self._wizard_values())
        wizard = self._wizard(self.invoicer_a)
        with self.assertRefused(
            UserError, "posted invoices of its order left to refund"
        ):
            wizard.move_ids = other_invoice
        self.assertFalse((self.invoice | other_invoice).reversal_move_ids)

    def test_invoice_refunded_meanwhile(self):
        """The wizard checks the invoices again when Reverse is clicked: a
        colleague may have refunded them since it opened."""
        wizard = self._wizard(self.invoicer_a)
        credit_note = self.invoice._reverse_moves(cancel=True)
        with self.assertRefused(
            UserError, "posted invoices of its order left to refund"
        ):
            wizard.refund_moves()
        self.assertEqual(self.invoice.reversal_move_ids, credit_note)
        self.assertFalse(self.review.refund_move_ids)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_credit_notes_tied_by_the_refund_only(self):
        other_order, _other_review = self._rated_order(partner=self.bob)
        other_invoice = self._posted_invoice(other_order)
        other_credit_note = other_invoice._reverse_moves()
        review = self.review.with_user(self.invoicer_a)
        with self.assertRaises(AccessError):
            review.write({"refund_move_ids": [Command.link(other_credit_note.id)]})
        with self.assertRefused(ValidationError, "customer credit note"):
            other_invoice.with_user(self.invoicer_a).write({"review_id": review.id})
        with self.assertRaises(AccessError):
            other_credit_note.with_user(self.invoicer_a).write(
                {"review_id": self.review_b.id}
            )
        self.assertFalse(self.review.refund_move_ids | self.review_b.refund_move_ids)
        credit_note = self._refund(self.invoicer_a)
        self.assertFalse(credit_note.copy().review_id, "a copy is no refund of it")

    def test_staff_without_invoicing_rights_see_the_refunds(self):
        credit_note = self._refund(self.invoicer_a)
        self._keep_only(credit_note, self.gift_card)
        credit_note.action_post()
        review = self.review.with_user(self.user_a)
        [line] = review.refund_summary.split("\n")
        self.assertIn(credit_note.name, line)
        self.assertIn("50.00", line)
        self.assertIn("Posted", line)
        with self.assertRaises(AccessError):
            credit_note.with_user(self.user_a).read(["name"])
        for user in (self.user_b, self.manager_y):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.review.with_user(user).read(["refund_summary"])

    @warmup
    def test_refund_form_queries(self):
        first = self._refund(self.invoicer_a)
        self._keep_only(first, self.service)
        first.action_post()
        self._refund(self.invoicer_a)
        review = self.review.with_user(self.invoicer_a)
        self.env.invalidate_all()
        with self.assertQueryCount(REFUND_FORM_QUERIES):
            [values] = review.web_read(REFUND_SPEC)
        self.assertEqual(len(values["refund_move_ids"]), 2)
        self.assertEqual(values["refund_invoice_count"], 1)


@tagged("post_install", "-at_install")
class TestRefundRpc(RefundCase, HttpCase):
    """The refusals hold for an external client over XML-RPC."""

    def _call(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    @mute_logger("odoo.http")
    def test_staff_without_invoicing_rights_refused_over_rpc(self):
        with self.assertRaisesRegex(Fault, "invoicing rights"):
            self._call(self.user_a, "review.message", "action_refund", self.review.ids)
        context = {
            "active_model": "account.move",
            "active_ids": self.invoice.ids,
            REFUND_REVIEW_KEY: self.review.id,
        }
        with self.assertRaisesRegex(Fault, "AccessError|not allowed"):
            self._call(
                self.user_a,
                "account.move.reversal",
                "create",
                self._wizard_values(),
                context=context,
            )
        self.assertFalse(self.invoice.reversal_move_ids)

    def test_invoicing_user_refunds_over_rpc(self):
        action = self._call(
            self.invoicer_a, "review.message", "action_refund", self.review.ids
        )
        wizard_id = self._call(
            self.invoicer_a,
            "account.move.reversal",
            "create",
            dict(self._wizard_values(), reason="Cancelled"),
            context=action["context"],
        )
        self._call(
            self.invoicer_a,
            "account.move.reversal",
            "refund_moves",
            [wizard_id],
            context=action["context"],
        )
        credit_note = self.invoice.reversal_move_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.review_id, self.review)
