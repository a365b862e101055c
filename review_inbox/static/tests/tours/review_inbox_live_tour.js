import {rpc} from "@web/core/network/rpc";
import {registry} from "@web/core/registry";

const inboxCounter = (count) =>
    `.o_search_panel_category_value:contains(Inbox) .o_search_panel_counter:contains(${count})`;
const systrayCounter = (count) =>
    `.o_review_inbox_systray .o_review_inbox_systray_counter:contains(${count})`;

function callKw(model, method, args, kwargs = {}) {
    return rpc(`/web/dataset/call_kw/${model}/${method}`, {
        model,
        method,
        args,
        kwargs,
    });
}

// A new review appears in the open Inbox, its alert pops up and the counters
// follow, without reloading the page (test_ui_live_inbox.py).
registry.category("web_tour.tours").add("review_inbox_live_kanban_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "The Inbox is open, its counters at 3",
            trigger: `.o_kanban_view ${inboxCounter(3)}`,
            run() {
                // every notification that pops up from now on, or is up
                const seen = (window.reviewInboxLiveTourToasts = new Set());
                const record = () => {
                    for (const toast of document.querySelectorAll(".o_notification")) {
                        seen.add(toast.textContent);
                    }
                };
                record();
                new MutationObserver(record).observe(document.body, {
                    childList: true,
                    subtree: true,
                });
            },
        },
        {
            content: "The systray counts the reviews in the Inbox too",
            trigger: systrayCounter(3),
            run() {
                // gone if the page reloads
                window.reviewInboxLiveTourPage = true;
            },
        },
        {
            content: "Ready: a customer's review may arrive at the place",
            trigger: ".o_kanban_record:contains(Lovely staff at A)",
            async run() {
                // Staff enter no review: the test posts the customer's when it
                // hears this (a colleague told that Alice is replying).
                const [review] = await callKw("review.message", "search_read", [
                    [["body", "=", "Lovely staff at A"]],
                    ["id"],
                ]);
                await callKw("review.message", "action_notify_replying", [[review.id]]);
            },
        },
        {
            content: "It appears in the Alerts column",
            trigger:
                ".o_kanban_group:contains(Alerts) .o_kanban_record:contains(Live: the coffee was cold)",
        },
        {
            content: "Its alert pops up",
            trigger:
                ".o_notification:contains(New alert at Place A: Live: the coffee was cold)",
        },
        {
            content: "The alert the page loaded did not pop up",
            trigger: "body",
            run() {
                const toasts = [...window.reviewInboxLiveTourToasts];
                if (toasts.some((text) => text.includes("before the page opened"))) {
                    throw new Error(`popped up again: ${toasts.join(" | ")}`);
                }
            },
        },
        {
            content: "The search panel counts it",
            trigger: inboxCounter(4),
        },
        {
            content: "The systray counts it",
            trigger: systrayCounter(4),
            run() {
                if (!window.reviewInboxLiveTourPage) {
                    throw new Error("the page was reloaded");
                }
            },
        },
    ],
});

// Two staff on one review: Sophie's reply in progress shows on Alice's form;
// Alice's, typed in the composer, is sent to Sophie once however fast she
// types (test_ui_live_inbox.py).
registry.category("web_tour.tours").add("review_inbox_live_presence_tour", {
    steps: () => [
        {
            content: "Sophie is writing a reply to the review open here",
            trigger: ".o_form_view .o_review_presence:contains(Sophie is replying)",
        },
        {
            content: "Alice starts her own reply in the composer",
            trigger: ".o_review_reply_composer textarea.o_review_reply_body",
            run: "edit We are sorry",
        },
        {
            content: "Her typing told Sophie already: nothing more to send for now",
            trigger: ".o_review_reply_composer textarea.o_review_reply_body",
            async run() {
                const live = odoo.__WOWL_DEBUG__.root.env.services["review_inbox.live"];
                const reviewId = Number(window.location.pathname.split("/").pop());
                const again = await live.notifyReplying(reviewId);
                if (again) {
                    throw new Error("the composer's typing did not notify");
                }
            },
        },
        {
            content: "Sophie stopped: nobody is replying any more",
            trigger: ".o_form_view:not(:has(.o_review_presence))",
        },
        {
            content: "The systray opens the Inbox",
            trigger: ".o_review_inbox_systray button",
            run: "click",
        },
        {
            content: "The Inbox kanban, with its reviews",
            trigger: ".o_kanban_view .o_kanban_record:contains(Lovely staff at A)",
        },
        {
            content: "No breadcrumbs back to the review",
            trigger: ".o_breadcrumb:not(:has(.o_back_button))",
        },
    ],
});
