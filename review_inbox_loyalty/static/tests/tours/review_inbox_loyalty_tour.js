import {registry} from "@web/core/registry";

const form = ".o_form_view";
const composer = `${form} .o_review_reply_composer`;
const replyBody = `${composer} .o_review_reply_body`;
const CODE_RE =
    /^We are sorry about the cold food\. Please accept (044[\w-]+) for your next visit\.$/;

// Open an alert, offer a coupon, send the reply with its code.
registry.category("web_tour.tours").add("review_inbox_loyalty_tour", {
    steps: () => [
        {
            content: "The alert is open",
            trigger: `${form} .o_review_body:contains(Cold food at A)`,
        },
        {
            content: "Common reply...",
            trigger: `${composer} .o_review_common_reply_button`,
            run: "click",
        },
        {
            content: "The dialog names {coupon_code}",
            trigger: ".modal .o_review_coupon_code_help:contains({coupon_code})",
        },
        {
            content: "Close the dialog",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Write the reply",
            trigger: replyBody,
            run: "edit We are sorry about the cold food. Please accept for your next visit.",
        },
        {
            content: "Put the cursor after 'Please accept'",
            trigger: replyBody,
            run() {
                const at = this.anchor.value.indexOf(" for your next visit.");
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
            content: "Staff see up to what value they may offer",
            trigger: ".modal .alert-info:contains(at most)",
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
