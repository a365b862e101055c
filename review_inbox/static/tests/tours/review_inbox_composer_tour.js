import {rpc} from "@web/core/network/rpc";
import {registry} from "@web/core/registry";

const form = ".o_form_view";
const composer = `${form} .o_review_reply_composer`;
const replyBody = `${composer} .o_review_reply_body`;
const entries = `${form} .o_review_conversation .o_review_conversation_entries`;
const bar = `${form} .o_review_small_screen_actions`;

function checkReply(expected, {belowDialog = false} = {}) {
    return {
        content: `The reply reads "${expected}"`,
        // "body": read below the common replies' dialog too
        trigger: belowDialog
            ? `body ${replyBody}`
            : `body:not(:has(.modal)) ${replyBody}`,
        run() {
            if (this.anchor.value !== expected) {
                throw new Error(
                    `Reply is "${this.anchor.value}", expected "${expected}"`
                );
            }
        },
    };
}

function checkAbove(upper, lower, content) {
    return {
        content,
        trigger: lower,
        run() {
            const above = document.querySelector(upper).getBoundingClientRect();
            const below = this.anchor.getBoundingClientRect();
            if (above.bottom > below.top) {
                throw new Error(`${upper} is not above ${lower}`);
            }
        },
    };
}

function openReview(text) {
    return {
        content: `Open the review "${text}"`,
        trigger: `.o_kanban_record:contains(${text})`,
        run: "click",
    };
}

function checkReview(text) {
    return {
        content: `The review "${text}" is open`,
        trigger: `${form} .o_review_body:contains(${text})`,
    };
}

function sendReply() {
    return {
        content: "Send reply",
        trigger: `${composer} .o_review_reply_send:enabled`,
        run: "click",
    };
}

function pickCommonReply() {
    return [
        {
            content: "Common reply...",
            trigger: `${composer} .o_review_common_reply_button`,
            run: "click",
        },
        {
            content: "Select the saved reply",
            trigger: ".o_review_common_reply:first .o_review_common_reply_body",
            run: "click",
        },
        {
            content: "Apply",
            trigger: ".o_review_common_reply_apply:enabled",
            run: "click",
        },
    ];
}

/** Another tab of the same user answers the customer meanwhile. */
function replyFromAnotherTab(text) {
    return {
        content: `Meanwhile, another tab replies "${text}"`,
        trigger: composer,
        async run() {
            const [reviewId] = await rpc("/web/dataset/call_kw/review.message/search", {
                model: "review.message",
                method: "search",
                args: [[["body", "=", "Lovely staff at A"]]],
                kwargs: {},
            });
            await rpc("/web/dataset/call_kw/review.message/send_reply", {
                model: "review.message",
                method: "send_reply",
                args: [[reviewId], text],
                kwargs: {},
            });
        },
    };
}

// 1 and 2: the composer beside the review; a common reply over typed text.
registry.category("web_tour.tours").add("review_inbox_composer_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        openReview("Lovely staff at A"),
        checkAbove(
            `${form} .o_review_body`,
            composer,
            "The composer is below the customer's text"
        ),
        {
            content: "On a big screen the header holds Done, Spam and Hold",
            trigger: `${bar}:not(:visible)`,
        },
        {
            content: "Nothing to send yet",
            trigger: `${composer} .o_review_reply_send:disabled`,
        },
        {
            content: "Reply",
            trigger: `${form} .o_review_actions .o_review_reply_button`,
            run: "click",
        },
        {
            content: "Reply puts the cursor in the composer, no dialog",
            trigger: replyBody,
            run() {
                if (document.activeElement !== this.anchor) {
                    throw new Error("The composer does not have the focus");
                }
                if (document.querySelector(".modal")) {
                    throw new Error("Reply opened a dialog");
                }
            },
        },
        // Over an empty reply, a common reply just fills it.
        ...pickCommonReply(),
        checkReply("Thank you Carla!"),
        {
            content: "Nothing was asked",
            trigger: "body:not(:has(.modal))",
        },
        // Over typed text, it asks first.
        {
            content: "Type a reply of one's own",
            trigger: replyBody,
            run: "edit My own words",
        },
        ...pickCommonReply(),
        {
            content: "Keep the typed text",
            trigger:
                ".modal:contains(replaces the text you typed) button:contains(Keep my text)",
            run: "click",
        },
        checkReply("My own words", {belowDialog: true}),
        {
            content: "The common replies are still open: apply again",
            trigger:
                ".o_review_common_reply_dialog .o_review_common_reply_apply:enabled",
            run: "click",
        },
        {
            content: "Replace it this time",
            trigger:
                ".modal:contains(replaces the text you typed) button:contains(Replace)",
            run: "click",
        },
        checkReply("Thank you Carla!"),
        {
            content: "Add a line",
            trigger: replyBody,
            run: "edit Thank you Carla Customer! See you soon.",
        },
        sendReply(),
        {
            content: "The conversation shows the reply",
            trigger: `${entries} .o_data_row:contains(See you soon.)`,
        },
        checkReply(""),
    ],
});

// 3: a reply sent meanwhile is asked about.
registry.category("web_tour.tours").add("review_inbox_reply_conflict_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        openReview("Lovely staff at A"),
        {
            content: "Write a reply",
            trigger: replyBody,
            run: "edit My reply",
        },
        replyFromAnotherTab("From another tab"),
        sendReply(),
        {
            content: "Who answered, when, and a question",
            trigger:
                ".modal:contains(Carla Customer was already answered by Alice PlaceA at):contains(Send anyway?)",
        },
        {
            content: "Read the conversation first",
            trigger: ".modal button:contains(Read the conversation first)",
            run: "click",
        },
        {
            content: "The other reply shows",
            trigger: `body:not(:has(.modal)) ${entries} .o_data_row:contains(From another tab)`,
        },
        checkReply("My reply"),
        sendReply(),
        {
            content: "Seen: sent without asking",
            trigger: `${entries} .o_data_row:contains(My reply)`,
        },
        replyFromAnotherTab("Again from another tab"),
        {
            content: "Write another reply",
            trigger: replyBody,
            run: "edit My second reply",
        },
        sendReply(),
        {
            content: "Send anyway",
            trigger: ".modal:contains(already answered) button:contains(Send anyway)",
            run: "click",
        },
        {
            content: "Sent",
            trigger: `body:not(:has(.modal)) ${entries} .o_data_row:contains(My second reply)`,
        },
        checkReply(""),
    ],
});

function pagerIs(value, limit) {
    return {
        content: `The pager says ${value} / ${limit}`,
        trigger: `${form} .o_review_body`,
        run() {
            const counter = document.querySelector(".o_pager_counter").textContent;
            if (counter.replace(/\s/g, "") !== `${value}/${limit}`) {
                throw new Error(`The pager says ${counter}`);
            }
        },
    };
}

function clickHeader(label) {
    return {
        content: label,
        trigger: `.o_form_statusbar button:contains(${label})`,
        run: "click",
    };
}

// 4: after acting, the next review of the same column opens.
registry.category("web_tour.tours").add("review_inbox_next_review_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        openReview("Lovely staff at A"),
        pagerIs(1, 5),
        clickHeader("Mark as Done"),
        checkReview("First of the column"),
        pagerIs(1, 4),
        clickHeader("Mark as Spam"),
        checkReview("Second of the column"),
        {
            content: "Delegate",
            trigger: `${form} .o_review_actions button:contains(Delegate)`,
            run: "click",
        },
        {
            content: "To customer service",
            trigger: ".modal-footer button:contains(Delegate)",
            run: "click",
        },
        checkReview("Third of the column"),
        {
            content: "Write a reply",
            trigger: replyBody,
            run: "edit We will look into it.",
        },
        sendReply(),
        checkReview("Fourth of the column"),
        checkReply(""),
        clickHeader("Mark as Done"),
        {
            content: "No next review: back to the inbox",
            trigger: ".o_kanban_view .o_kanban_record:contains(Third of the column)",
        },
        // The last of a column goes back to the inbox, not to another column.
        openReview("Cold food at A"),
        pagerIs(1, 1),
        clickHeader("Mark as Done"),
        {
            content: "Back to the inbox, the alert handled",
            trigger:
                ".o_kanban_view:not(:has(.o_kanban_record:contains(Cold food at A)))",
        },
    ],
});

// 4: unless the user's preference says to stay.
registry.category("web_tour.tours").add("review_inbox_stay_after_action_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        openReview("Third of the column"),
        clickHeader("Mark as Done"),
        {
            content: "The review stays, done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
        checkReview("Third of the column"),
    ],
});

// 5: on a phone, Done, Spam and Hold at hand.
registry.category("web_tour.tours").add("review_inbox_small_screen_tour", {
    steps: () => [
        checkReview("Cold food at A"),
        {
            content: "The header's buttons fold into the menu on a phone",
            trigger: `${form}:not(:has(.o_statusbar_buttons))`,
        },
        checkAbove(
            `${form} .o_review_body`,
            composer,
            "The customer's text stays above the composer"
        ),
        {
            content: "Hold, from the bar",
            trigger: `${bar} button:contains(Hold)`,
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit Manager calls back",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button:contains(Put on hold)",
            run: "click",
        },
        {
            content: "On hold: the bar has no Hold any more",
            trigger: `${form} .o_field_widget[name=priority]:contains(Customers on hold)`,
            run() {
                if (document.querySelector(`${bar}`).textContent.includes("Hold")) {
                    throw new Error("Hold is still offered");
                }
            },
        },
        {
            content: "Done, from the bar",
            trigger: `${bar} button:contains(Done)`,
            run: "click",
        },
        {
            content: "Done: Spam is left",
            trigger: `${bar}:not(:has(button:contains(Done))) button:contains(Spam)`,
            run: "click",
        },
        {
            content: "Spam",
            trigger: `${form} .ribbon:contains(Spam)`,
        },
    ],
});
