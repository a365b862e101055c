import {registry} from "@web/core/registry";

const form = ".o_form_view";
const composer = `${form} .o_review_reply_composer`;
const replyBody = `${composer} .o_review_reply_body`;
const REPLY_START = "We are sorry about the workshop. Please accept";
const REPLY_END = " for your next one.";
const CODE_RE =
    /^We are sorry about the workshop\. Please accept (044[\w-]+) for your next one\.$/;

// Open an alert tied to a sale order, offer a coupon, send the reply with its
// code (test_ui_gesture_order.py: an order of Place A rated 1).
registry.category("web_tour.tours").add("review_inbox_sale_loyalty_tour", {
    steps: () => [
        {
            content: "The alert is open",
            trigger: `${form} .o_review_body:contains(The cooking workshop started an hour late)`,
        },
        {
            content: "The review shows the order it rates",
            trigger: `${form} .o_review_sale_order:contains(Cooking workshop × 2)`,
        },
        {
            content: "Write the reply",
            trigger: replyBody,
            run: `edit ${REPLY_START}${REPLY_END}`,
        },
        {
            content: "Put the cursor after 'Please accept'",
            trigger: replyBody,
            run() {
                const at = this.anchor.value.indexOf(REPLY_END);
                this.anchor.focus();
                this.anchor.setSelectionRange(at, at);
            },
        },
        {
            content: "Offer a gesture",
            trigger: `${form} .o_review_offer_gesture`,
            run: "click",
        },
        {
            content: "Choose the coupon program",
            trigger: ".modal .o_field_widget[name=program_id] input",
            run: "edit Goodwill 10",
        },
        {
            content: "Goodwill 10",
            trigger: ".o-autocomplete--dropdown-item a:contains(Goodwill 10)",
            run: "click",
        },
        {
            content: "The coupon's value is its reward's",
            trigger: ".modal .o_field_widget[name=amount]:contains(10.00)",
        },
        {
            content: "Offer",
            trigger: ".modal .o_review_gesture_confirm",
            run: "click",
        },
        {
            content: "The code is in the reply, where the cursor was",
            trigger: `body:not(:has(.modal)) ${replyBody}`,
            run() {
                if (!CODE_RE.test(this.anchor.value)) {
                    throw new Error(`Reply is "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "The review shows the gesture",
            trigger: `${form} .o_review_gestures .o_review_gesture_code:contains(044)`,
        },
        {
            content: "The chatter names the rated order",
            trigger:
                ".o-mail-Message:contains(Goodwill gesture offered):contains(Rated order: S)",
        },
        {
            content: "Send reply",
            trigger: `${composer} .o_review_reply_send:enabled`,
            run: "click",
        },
        {
            content: "The reply with its code is in the conversation",
            trigger: `${form} .o_review_conversation_entries:contains(Please accept 044)`,
        },
    ],
});
