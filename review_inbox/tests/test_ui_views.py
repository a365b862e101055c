from lxml import etree

from odoo.tests import HttpCase, tagged

from .common import ReviewInboxCase

VIEW_CLASSES = {"kanban": "review_inbox_kanban", "list": "review_inbox_list"}


@tagged("post_install", "-at_install")
class TestUiViews(ReviewInboxCase, HttpCase):
    def test_views_carry_the_inbox_search_model(self):
        """Every kanban and list of reviews shows the search panel and its
        counters: each must use the addon's view, whose search model
        refreshes them, not Odoo's plain one."""
        views = self.env["ir.ui.view"].search(
            [
                ("model", "=", "review.message"),
                ("type", "in", list(VIEW_CLASSES)),
                ("mode", "=", "primary"),
            ]
        )
        self.assertEqual(sorted(set(views.mapped("type"))), ["kanban", "list"])
        for view in views:
            arch = etree.fromstring(view.get_combined_arch())
            self.assertEqual(arch.get("js_class"), VIEW_CLASSES[view.type], view.name)

    def test_list_counter_tour(self):
        self.start_tour(
            "/odoo/action-review_inbox.review_message_action_inbox",
            "review_inbox_list_counter_tour",
            login="place_a_user",
        )
        self.assertEqual(self.review_a.state, "done")
        self.assertEqual(self.alert_a.state, "inbox")
