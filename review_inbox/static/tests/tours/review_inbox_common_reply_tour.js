import {registry} from "@web/core/registry";

function checkReply(expected) {
    return {
        content: `The reply is filled with "${expected}"`,
        trigger: ".o_review_reply_composer .o_review_reply_body",
        run() {
            if (this.anchor.value !== expected) {
                throw new Error(
                    `Reply is "${this.anchor.value}", expected "${expected}"`
                );
            }
        },
    };
}

function applyReply(expected) {
    return [
        {
            content: "Apply",
            trigger: ".o_review_common_reply_apply:enabled",
            run: "click",
        },
        checkReply(expected),
    ];
}

function sendReply(shown) {
    return [
        {
            content: "Send reply",
            trigger: ".o_review_reply_composer .o_review_reply_send",
            run: "click",
        },
        {
            content: "The reply is in the conversation",
            trigger: `.o_review_conversation td:contains(${shown})`,
        },
    ];
}

function openReview(text) {
    return [
        {
            content: "Back to the Inbox",
            trigger:
                ".o_main_navbar a[data-menu-xmlid='review_inbox.menu_review_message_inbox']",
            run: "click",
        },
        {
            content: `Open the review "${text}"`,
            trigger: `.o_kanban_record:contains(${text})`,
            run: "click",
        },
        {
            content: "Reply",
            trigger: ".o_review_actions button:contains(Reply)",
            run: "click",
        },
        {
            content: "Common reply...",
            trigger: ".o_review_reply_composer .o_review_common_reply_button",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("review_inbox_common_reply_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        // A new common reply: saved on top, fills the reply.
        ...openReview("Lovely staff at A"),
        {
            content: "Newest first: the last saved reply is on top",
            trigger: ".o_review_common_reply:first:contains(Saved reply 8)",
        },
        {
            content: "Type a new common reply",
            trigger: ".o_review_common_reply_new",
            run: "edit Thank you {customer_name}, see you soon at {place}!",
        },
        ...applyReply("Thank you Carla Customer, see you soon at Place A!"),
        ...sendReply("Thank you Carla Customer, see you soon"),
        // An existing common reply: selected, applied, sent.
        ...openReview("Cold food at A"),
        {
            content: "The saved reply is on top of the list",
            trigger: ".o_review_common_reply:first:contains(Thank you {customer_name})",
        },
        {
            content: "Select it",
            trigger: ".o_review_common_reply:first .o_review_common_reply_body",
            run: "click",
        },
        ...applyReply("Thank you Carla Customer, see you soon at Place A!"),
        ...sendReply("Thank you Carla Customer, see you soon"),
        // With 10 saved, adding one drops the bottom one.
        ...openReview("Lovely staff at A"),
        {
            content: "Ten replies, the oldest at the bottom",
            trigger: ".o_review_common_reply:last:contains(Saved reply 0)",
        },
        {
            content: "Type an eleventh reply",
            trigger: ".o_review_common_reply_new",
            run: "edit We are sorry, {customer_name}.",
        },
        {
            content: "Apply",
            trigger: ".o_review_common_reply_apply:enabled",
            run: "click",
        },
        {
            content: "Saving it would drop the bottom one: named, and asked first",
            trigger: ".modal:contains(drops “Saved reply 0”)",
        },
        {
            content: "Cancel",
            trigger:
                ".modal:contains(drops “Saved reply 0”) .modal-footer button:contains(Cancel)",
            run: "click",
        },
        {
            content: "Nothing dropped: back to the list, still with the bottom one",
            trigger:
                ".o_review_common_reply_dialog .o_review_common_reply:last:contains(Saved reply 0)",
        },
        {
            content: "Apply again",
            trigger: ".o_review_common_reply_apply:enabled",
            run: "click",
        },
        {
            content: "Save it and drop the bottom one",
            trigger:
                ".modal:contains(drops “Saved reply 0”) .modal-footer button:contains(Save and drop it)",
            run: "click",
        },
        checkReply("We are sorry, Carla Customer."),
        {
            content: "Open the list again",
            trigger: ".o_review_reply_composer .o_review_common_reply_button",
            run: "click",
        },
        {
            content: "The new one is on top, the bottom one is gone",
            trigger:
                ".o_review_common_reply:first:contains(We are sorry) ~ .o_review_common_reply:last:contains(Saved reply 1)",
        },
        {
            content: "Still ten",
            trigger: ".o_review_common_reply_list:not(:contains(Saved reply 0))",
        },
        // Edit and delete from the dialog.
        {
            content: "Edit the bottom reply",
            trigger: ".o_review_common_reply:last .o_review_common_reply_edit_button",
            run: "click",
        },
        {
            content: "Change its text",
            trigger: ".o_review_common_reply_edit",
            run: "edit Saved reply 1, edited",
        },
        {
            content: "Save it",
            trigger:
                ".o_review_common_reply:has(.o_review_common_reply_edit) button:contains(Save)",
            run: "click",
        },
        {
            content: "The edited text is listed",
            trigger: ".o_review_common_reply:last:contains(Saved reply 1, edited)",
        },
        {
            content: "Delete the reply above it",
            trigger:
                ".o_review_common_reply:contains(Saved reply 2) .o_review_common_reply_delete",
            run: "click",
        },
        {
            content: "It is gone",
            trigger: ".o_review_common_reply_list:not(:contains(Saved reply 2))",
        },
        {
            content: "Close the list",
            trigger:
                ".o_review_common_reply_dialog .modal-footer button:contains(Discard)",
            run: "click",
        },
        ...sendReply("We are sorry, Carla Customer."),
    ],
});
