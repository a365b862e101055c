import {registry} from "@web/core/registry";

const inboxCounter = (count) =>
    `.o_search_panel_category_value:contains(Inbox) .o_search_panel_counter:contains(${count})`;

registry.category("web_tour.tours").add("review_inbox_place_user_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "The Inbox shows the number of reviews awaiting processing",
            trigger: inboxCounter(2),
        },
        {
            content: "Columns come in priority order",
            trigger:
                ".o_kanban_group:eq(0):contains(Customers on hold) ~ .o_kanban_group:contains(Alerts) ~ .o_kanban_group:contains(New messages)",
        },
        {
            content: "Filter by a group of places",
            trigger: ".o_search_panel_filter_value:contains(Group AB) input",
            run: "click",
        },
        {
            content: "Open the alert",
            trigger:
                ".o_kanban_group:contains(Alerts) .o_kanban_record:contains(Cold food at A)",
            run: "click",
        },
        {
            content: "The customer panel shows the phone as a link",
            trigger: ".o_review_customer_panel a[href^='tel:']",
        },
        {
            content: "Put the customer on hold",
            trigger: ".o_form_statusbar button:contains(Put on hold)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit Manager will call back on Monday",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The review is now a customer on hold",
            trigger: ".o_field_widget[name=priority]:contains(Customers on hold)",
        },
        {
            content: "Back to the Inbox",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "It now sits among the customers on hold",
            trigger:
                ".o_kanban_group:contains(Customers on hold) .o_kanban_record:contains(Cold food at A)",
        },
        {
            content: "Open another review",
            trigger: ".o_kanban_record:contains(Lovely staff at A)",
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
            content: "Back to the Inbox",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "The Inbox counter went down",
            trigger: inboxCounter(1),
        },
        {
            content: "The done review left the Inbox",
            trigger: ".o_kanban_renderer:not(:contains(Lovely staff at A))",
        },
    ],
});
