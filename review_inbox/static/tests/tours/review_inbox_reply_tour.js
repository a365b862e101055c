import {registry} from "@web/core/registry";

const conversation = ".o_form_view .o_review_conversation";
const entries = `${conversation} .o_review_conversation_entries`;
const composer = ".o_form_view .o_review_reply_composer";

registry.category("web_tour.tours").add("review_inbox_staff_reply_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "Open the review",
            trigger: ".o_kanban_record:contains(Lovely staff at A)",
            run: "click",
        },
        {
            content: "No conversation yet",
            trigger: ".o_form_view .o_review_body:contains(Lovely staff at A)",
        },
        {
            content: "Reply to the customer",
            trigger: ".o_form_view .o_review_actions button:contains(Reply)",
            run: "click",
        },
        {
            content: "The reply goes to the customer",
            trigger: `${composer} .o_review_reply_to:contains(carla@customer.test)`,
        },
        {
            content: "Write the reply",
            trigger: `${composer} textarea.o_review_reply_body`,
            run: "edit Thank you Carla, the whole team is delighted!",
        },
        {
            content: "Send it",
            trigger: `${composer} .o_review_reply_send`,
            run: "click",
        },
        {
            content: "The form shows the customer conversation with the reply",
            trigger: `${conversation}:contains(Customer conversation) .o_review_conversation_entries .o_data_row:contains(Thank you Carla, the whole team is delighted!)`,
        },
        {
            content: "The composer is empty again",
            trigger: `${composer} .o_review_reply_body`,
            run() {
                if (this.anchor.value !== "") {
                    throw new Error(`The reply is still "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "The reply was written by the staff",
            trigger: `${entries} .o_data_row:contains(Thank you Carla) td[name=author_type]:contains(Staff)`,
        },
        {
            content: "The conversation awaits the customer's reply",
            trigger: `${conversation} .o_review_badge_awaiting:contains(Awaiting Customer Reply)`,
        },
        {
            content: "Nothing to mark as read",
            trigger: `${conversation}:not(:has(.o_review_mark_read))`,
        },
    ],
});

registry.category("web_tour.tours").add("review_inbox_mark_read_tour", {
    url: "/odoo/action-review_inbox.review_message_action_ratings",
    steps: () => [
        {
            content: "The review with an unread customer reply comes first",
            trigger:
                ".o_review_ratings_list .o_data_row:first-child:contains(Lovely staff at A) .o_review_badge_unread:contains(Unread Customer Reply)",
        },
        {
            content: "Open it",
            trigger:
                ".o_review_ratings_list .o_data_row:first-child td[name=partner_id]",
            run: "click",
        },
        {
            content: "The conversation has an unread customer reply",
            trigger: `${conversation} .o_review_badge_unread:contains(Unread Customer Reply)`,
        },
        {
            content: "The customer's answer follows the reply",
            trigger: `${entries} .o_data_row:contains(Thank you Carla) ~ .o_data_row:contains(Thanks!)`,
        },
        {
            content: "Mark the customer's answer as read",
            trigger: `${entries} .o_data_row:contains(Thanks!) .o_review_mark_read`,
            run: "click",
        },
        {
            content: "The conversation is pending action",
            trigger: `${conversation} .o_review_badge_pending:contains(Pending Action)`,
        },
        {
            content: "The answer is no longer unread",
            trigger: `${conversation}:not(:has(.o_review_mark_read))`,
        },
        {
            content: "The header button is gone too",
            trigger: ".o_form_statusbar:not(:has(button:contains(Mark as Read)))",
        },
    ],
});
