import {registry} from "@web/core/registry";

const inboxCounter = (count) =>
    `.o_search_panel_category_value:contains(Inbox) .o_search_panel_counter:contains(${count})`;
const placeCounter = (place, count) =>
    `.o_search_panel_filter_value:contains(${place}) .o_search_panel_counter:contains(${count})`;
const selectRow = (text) => ({
    content: `Select "${text}"`,
    trigger: `.o_list_view .o_data_row:contains(${text}) .o_list_record_selector input`,
    run: "click",
});

// Mark a selection of the list as done: the counters follow at once
// (test_bulk_actions.py sets up four reviews in the Inbox).
registry.category("web_tour.tours").add("review_inbox_bulk_done_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "Four reviews await processing",
            trigger: inboxCounter(4),
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Place B has two",
            trigger: `.o_list_view ${placeCounter("Place B", 2)}`,
        },
        selectRow("Lovely staff at A"),
        selectRow("Cold food at A"),
        selectRow("Great B"),
        {
            content: "Mark the three as done",
            trigger: ".o_control_panel button:contains(Mark as Done)",
            run: "click",
        },
        {
            content: "The list says what was done",
            trigger: ".o_notification:contains(3 reviews marked as done)",
        },
        {
            content: "The Inbox counter dropped by three, without a reload",
            trigger: `.o_list_view ${inboxCounter(1)}`,
        },
        {
            content: "and so did the places' counters",
            trigger: `.o_list_view ${placeCounter("Place B", 1)}`,
        },
        {
            content: "Place A has none left in the Inbox",
            trigger: ".o_list_view .o_search_panel:not(:contains(Place A))",
        },
        {
            content: "The list holds the one review left",
            trigger:
                ".o_list_renderer:not(:contains(Great B)):contains(Slow service at B)",
        },
    ],
});
