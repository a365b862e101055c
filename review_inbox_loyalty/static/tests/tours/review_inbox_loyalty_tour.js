import {registry} from "@web/core/registry";
import {replyWithGoodwillCouponSteps} from "./gesture_steps";

const form = ".o_form_view";
const composer = `${form} .o_review_reply_composer`;

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
        ...replyWithGoodwillCouponSteps({
            start: "We are sorry about the cold food. Please accept",
            end: " for your next visit.",
            inDialog: [
                {
                    content: "Staff see up to what value they may offer",
                    trigger: ".modal .alert-info:contains(at most)",
                },
            ],
        }),
    ],
});
