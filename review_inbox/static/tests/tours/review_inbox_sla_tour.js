import {registry} from "@web/core/registry";

// Set up by tests/test_ui_sla.py: of Place A, "Lovely staff at A" is late and
// "Cold food at A" (an alert) is due soon.
const lateCard = ".o_kanban_record:contains(Lovely staff at A)";
const soonCard = ".o_kanban_record:contains(Cold food at A)";
const lateRow = ".o_list_view .o_data_row:contains(Lovely staff at A)";
const soonRow = ".o_list_view .o_data_row:contains(Cold food at A)";
const late = ".o_review_sla_badge.o_review_sla_late[title^='Late: answer was due on']";
const soon =
    ".o_review_sla_badge.o_review_sla_due_soon[title^='Due soon: answer due by']";

registry.category("web_tour.tours").add("review_inbox_sla_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "Kanban: the late review shows a red clock",
            trigger: `${lateCard} ${late}:contains(Late)`,
        },
        {
            content: "Kanban: the alert due soon shows a yellow clock",
            trigger: `${soonCard} ${soon}:contains(Due soon)`,
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "List: the late review's row",
            trigger: `${lateRow} td[name=sla_status] ${late}`,
        },
        {
            content: "List: the alert due soon",
            trigger: `${soonRow} td[name=sla_status] ${soon}`,
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the late reviews",
            trigger: ".o_filter_menu .o_menu_item:contains(Late)",
            run: "click",
        },
        {
            content: "Only the late review is left",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains(Cold food at A))) .o_data_row:contains(Lovely staff at A)",
        },
    ],
});
