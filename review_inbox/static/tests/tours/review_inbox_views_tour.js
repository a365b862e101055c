import {registry} from "@web/core/registry";

const inboxCounter = (count) =>
    `.o_search_panel_category_value:contains(Inbox) .o_search_panel_counter:contains(${count})`;

// The list view carries the inbox's search model too: its counters are
// refreshed when coming back through the breadcrumbs.
registry.category("web_tour.tours").add("review_inbox_list_counter_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "The Inbox shows the number of reviews awaiting processing",
            trigger: inboxCounter(2),
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open a review from the list",
            trigger:
                ".o_list_view .o_data_row:contains(Lovely staff at A) .o_data_cell[name=place_id]",
            run: "click",
        },
        {
            content: "Mark it as Done",
            trigger: ".o_form_statusbar button:contains(Mark as Done)",
            run: "click",
        },
        {
            content: "Its status is Done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "The Inbox counter went down",
            trigger: `.o_list_view ${inboxCounter(1)}`,
        },
        {
            content: "The done review left the list",
            trigger: ".o_list_renderer:not(:contains(Lovely staff at A))",
        },
    ],
});

// The text areas of the common replies take their limit from the server:
// the test serves a limit of its own (test_ui_views.py).
const TEST_MAX_LENGTH = 1234;

function checkMaxLength(selector) {
    return {
        content: `${selector} takes the server's limit`,
        trigger: selector,
        run() {
            if (this.anchor.maxLength !== TEST_MAX_LENGTH) {
                throw new Error(
                    `maxlength is ${this.anchor.maxLength}, expected ${TEST_MAX_LENGTH}`
                );
            }
        },
    };
}

registry.category("web_tour.tours").add("review_inbox_text_max_length_tour", {
    steps: () => [
        {
            content: "Reply",
            trigger: ".o_form_view .o_review_actions button:contains(Reply)",
            run: "click",
        },
        checkMaxLength(".o_review_reply_composer .o_review_reply_body"),
        {
            content: "Common reply...",
            trigger: ".o_review_reply_composer .o_review_common_reply_button",
            run: "click",
        },
        checkMaxLength(".o_review_common_reply_new"),
        {
            content: "A saved reply keeps its line breaks (style from the SCSS)",
            trigger: ".o_review_common_reply:first .o_review_common_reply_body",
            run() {
                const whiteSpace = getComputedStyle(this.anchor).whiteSpace;
                if (whiteSpace !== "pre-wrap") {
                    throw new Error(`white-space is ${whiteSpace}, expected pre-wrap`);
                }
            },
        },
        {
            content: "Edit the saved reply",
            trigger: ".o_review_common_reply:first .o_review_common_reply_edit_button",
            run: "click",
        },
        checkMaxLength(".o_review_common_reply_edit"),
        {
            content: "Leave the common replies",
            trigger:
                ".o_review_common_reply_dialog .modal-footer button:contains(Discard)",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.o_review_common_reply_dialog))",
        },
    ],
});
