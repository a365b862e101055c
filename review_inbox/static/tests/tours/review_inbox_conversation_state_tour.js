import {registry} from "@web/core/registry";

// Set up by tests/test_ui_conversation_state.py: Alice PlaceA replied to both
// reviews of Place A; the email of the reply to "Lovely staff at A" failed
// (connection refused), the one to "Cold food at A" was sent.
const failedCard = ".o_kanban_record:contains(Lovely staff at A)";
const sentCard = ".o_kanban_record:contains(Cold food at A)";
const failedRow = ".o_list_view .o_data_row:contains(Lovely staff at A)";
const sentRow = ".o_list_view .o_data_row:contains(Cold food at A)";
const conversation = ".o_form_view .o_review_conversation";
const author = ".o_review_conversation_author:contains(Alice PlaceA)";

registry.category("web_tour.tours").add("review_inbox_conversation_state_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "Kanban: the failed reply is not delivered, and who replied",
            trigger: `${failedCard} .o_review_badge_undelivered:contains(Not delivered) + .o_review_conversation_update ${author}`,
        },
        {
            content: "Kanban: it does not await the customer",
            trigger: `${failedCard}:not(:has(.o_review_badge_awaiting))`,
        },
        {
            content: "Kanban: the reply that was sent awaits the customer",
            trigger: `${sentCard} .o_review_badge_awaiting:contains(Awaiting Customer Reply) + .o_review_conversation_update ${author}`,
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "List: the failed reply is not delivered, and who replied",
            trigger: `${failedRow} td[name=conversation_state] .o_review_badge_undelivered:contains(Not delivered) + .o_review_conversation_update ${author}`,
        },
        {
            content: "List: it does not await the customer",
            trigger: `${failedRow}:not(:has(.o_review_badge_awaiting))`,
        },
        {
            content: "List: the reply that was sent awaits the customer",
            trigger: `${sentRow} td[name=conversation_state] .o_review_badge_awaiting:contains(Awaiting Customer Reply) + .o_review_conversation_update ${author}`,
        },
        {
            content: "Open the review whose reply failed",
            trigger: `${failedRow} td[name=place_id]`,
            run: "click",
        },
        {
            content: "Form: not delivered, and who replied",
            trigger: `${conversation} .o_review_badge_undelivered:contains(Not delivered) + .o_review_conversation_update ${author}`,
        },
        {
            content: "Form: it does not await the customer",
            trigger: `${conversation}:not(:has(.o_review_badge_awaiting))`,
        },
        {
            content: "Form: the conversation says why the email failed",
            trigger: `${conversation} .o_review_conversation_entries .o_data_row:contains(We will sort it out) td[name=delivery_failure]:contains(Connection refused)`,
        },
    ],
});
