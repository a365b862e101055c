import {registry} from "@web/core/registry";
import {replyWithGoodwillCouponSteps} from "@review_inbox_loyalty/../tests/tours/gesture_steps";

const form = ".o_form_view";

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
        ...replyWithGoodwillCouponSteps({
            start: "We are sorry about the workshop. Please accept",
            end: " for your next one.",
            beforeSend: [
                {
                    content: "The chatter names the rated order",
                    trigger:
                        ".o-mail-Message:contains(Goodwill gesture offered):contains(Rated order: S)",
                },
            ],
        }),
    ],
});
