const form = ".o_form_view";
const composer = `${form} .o_review_reply_composer`;
const replyBody = `${composer} .o_review_reply_body`;

function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Write the reply `${start}${end}`, offer the coupon program "Goodwill 10"
 * with the cursor after `start`, check that its code went there, and send
 * the reply. `inDialog`: steps once the gesture's dialog is open;
 * `beforeSend`: steps once the code is in the reply.
 */
export function replyWithGoodwillCouponSteps({
    start,
    end,
    inDialog = [],
    beforeSend = [],
}) {
    const codeRe = new RegExp(
        `^${escapeRegExp(start)} (044[\\w-]+)${escapeRegExp(end)}$`
    );
    const lastWords = start.split(". ").pop();
    return [
        {
            content: "Write the reply",
            trigger: replyBody,
            run: `edit ${start}${end}`,
        },
        {
            content: `Put the cursor after '${lastWords}'`,
            trigger: replyBody,
            run() {
                const at = this.anchor.value.indexOf(end);
                this.anchor.focus();
                this.anchor.setSelectionRange(at, at);
            },
        },
        {
            content: "Offer a gesture",
            trigger: `${form} .o_review_offer_gesture`,
            run: "click",
        },
        ...inDialog,
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
                if (!codeRe.test(this.anchor.value)) {
                    throw new Error(`Reply is "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "The review shows the gesture",
            trigger: `${form} .o_review_gestures .o_review_gesture_code:contains(044)`,
        },
        ...beforeSend,
        {
            content: "Send reply",
            trigger: `${composer} .o_review_reply_send:enabled`,
            run: "click",
        },
        {
            content: "The reply with its code is in the conversation",
            trigger: `${form} .o_review_conversation_entries:contains(${lastWords} 044)`,
        },
    ];
}
