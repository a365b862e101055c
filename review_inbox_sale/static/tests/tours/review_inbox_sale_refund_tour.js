import {registry} from "@web/core/registry";

// Refund the customer of a rated order from the review, through Odoo's own
// credit-note wizard (test_ui_refund.py: an invoiced order rated 1).
registry.category("web_tour.tours").add("review_inbox_sale_refund_tour", {
    steps: () => [
        {
            content: "The review shows the order it rates",
            trigger: ".o_form_view .o_review_sale_order",
        },
        {
            content: "No refund yet",
            trigger: ".o_form_view:not(:has(.o_review_refunds))",
        },
        {
            content: "Refund the customer",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_refund]",
            run: "click",
        },
        {
            content: "Odoo's credit-note wizard opens: give the reason",
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit Workshop cancelled",
        },
        {
            content: "Reverse the invoice",
            trigger: ".modal button[name=refund_moves]",
            run: "click",
        },
        {
            content: "The credit note opens",
            trigger: ".o_breadcrumb .active:contains(Credit Note)",
        },
        {
            content: "Back to the review",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "The review lists its credit note",
            trigger:
                ".o_form_view .o_review_refunds .o_data_row:contains(Draft Credit Note):contains(Draft)",
        },
        {
            content: "and its chatter says so",
            trigger: ".o-mail-Message:contains(Refund: credit note)",
        },
    ],
});
