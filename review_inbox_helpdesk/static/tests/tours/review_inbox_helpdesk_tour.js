import {registry} from "@web/core/registry";

const form = ".o_form_view";
const ticketButton = `${form} .oe_stat_button.o_review_ticket_button`;

registry.category("web_tour.tours").add("review_inbox_helpdesk_tour", {
    steps: () => [
        {
            content: "Open the alert",
            trigger:
                ".o_kanban_group:contains(Alerts) .o_kanban_record:contains(Cold food at A)",
            run: "click",
        },
        {
            content: "The review has no ticket yet",
            trigger: `${form}:not(:has(.o_review_ticket_button)) .o_review_body:contains(Cold food at A)`,
        },
        {
            content: "Create a ticket",
            trigger: `${form} button.o_review_create_ticket`,
            run: "click",
        },
        {
            content: "The review shows the ticket's number and stage",
            trigger: `${ticketButton} .o_stat_value:contains(HT)`,
            run() {
                const number = this.anchor.textContent.trim();
                if (!/^HT\d{5}$/.test(number)) {
                    throw new Error(`Unexpected ticket number "${number}"`);
                }
                const stage = document
                    .querySelector(`${ticketButton} .o_stat_text`)
                    .textContent.trim();
                if (stage !== "New") {
                    throw new Error(`Unexpected ticket stage "${stage}"`);
                }
            },
        },
        {
            content: "The button is gone: one ticket per review",
            trigger: `${form}:not(:has(button.o_review_create_ticket))`,
        },
        {
            content: "The chatter names the ticket",
            trigger: ".o-mail-Message-body:contains(created in Place A desk)",
        },
        {
            content: "Opening the ticket without helpdesk rights says why",
            trigger: ticketButton,
            run: "click",
        },
        {
            content: "A clear message, no traceback",
            trigger: ".modal:contains(belongs to the helpdesk)",
        },
        {
            content: "Close it",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Back on the review",
            trigger: `body:not(:has(.modal)) ${form} .o_review_body:contains(Cold food at A)`,
        },
    ],
});
