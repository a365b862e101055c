import {registry} from "@web/core/registry";

// The test's reviews (test_ui_inbox_details.py).
const ANONYMOUS = "Note left at the counter";
const DONE = "Perfect evening at A";
const FIVE_STARS = "Dinner worth five stars";

const statusValue = (label) =>
    `.o_search_panel_category_value header:contains(${label})`;

/**
 * A step checking that every element matching `selector` in the cell of
 * `fieldName` on the row of `rowText` is drawn whole inside the cell (its
 * overflow is hidden: what sticks out is cut), `count` of them at least.
 */
function fitsInCell(rowText, fieldName, selector, count) {
    return {
        content: `${fieldName} of "${rowText}": ${selector} whole in its cell`,
        trigger: `.o_data_row:contains(${rowText}) .o_data_cell[name=${fieldName}] ${selector}`,
        run() {
            const cell = this.anchor.closest(".o_data_cell");
            const box = cell.getBoundingClientRect();
            const left = box.left + cell.clientLeft;
            const right = left + cell.clientWidth;
            const elements = [...cell.querySelectorAll(selector)];
            if (elements.length < count) {
                throw new Error(`${elements.length} ${selector}, expected ${count}`);
            }
            for (const [index, element] of elements.entries()) {
                const rect = element.getBoundingClientRect();
                if (rect.left < left - 0.5 || rect.right > right + 0.5) {
                    throw new Error(
                        `${selector} #${index + 1} spans ${rect.left}-${rect.right}, ` +
                            `outside the cell's ${left}-${right}`
                    );
                }
            }
        },
    };
}

const fullStars = (rowText) => [
    {
        content: `"${rowText}" shows five full stars`,
        trigger: `.o_data_row:contains(${rowText}) .o_data_cell[name=rating_stars] .o_priority`,
        run() {
            const stars = this.anchor.querySelectorAll(".o_priority_star.fa-star");
            if (stars.length !== 5) {
                throw new Error(`${stars.length} full stars, expected 5`);
            }
        },
    },
    fitsInCell(rowText, "rating_stars", ".o_priority_star", 5),
    fitsInCell(rowText, "conversation_state", ".badge", 1),
    fitsInCell(rowText, "conversation_state", ".o_review_conversation_update", 1),
];

registry.category("web_tour.tours").add("review_inbox_inbox_details_tour", {
    steps: () => [
        {
            content: "The Inbox shows its cards",
            trigger: ".o_kanban_record:contains(Lovely staff at A)",
        },
        {
            content: "No card says Inbox: every card of the Inbox is in the Inbox",
            trigger:
                ".o_kanban_renderer:not(:has(.o_kanban_record .o_field_widget[name=state]))",
        },
        {
            content: "A review with a rating shows its stars",
            trigger: ".o_kanban_record:contains(Lovely staff at A) .o_priority",
        },
        {
            content: "A review without a rating shows no stars",
            trigger: `.o_kanban_record:contains(${ANONYMOUS}):not(:has(.o_priority))`,
        },
        {
            content: "A review entered by hand says so",
            trigger: `.o_kanban_record:contains(${ANONYMOUS}) .o_review_source_manual:contains(Entered by hand)`,
        },
        {
            content: "A review from the review form does not",
            trigger:
                ".o_kanban_record:contains(Lovely staff at A):not(:has(.o_review_source_manual))",
        },
        {
            content: "Place staff cannot create a review",
            trigger: ".o_control_panel:not(:has(.o-kanban-button-new))",
        },
        {
            content: "Show the Done reviews",
            trigger: statusValue("Done"),
            run: "click",
        },
        {
            content: "A Done review says Done, and no Pending Action",
            trigger: `.o_kanban_record:contains(${DONE}):has(.o_field_widget[name=state]:contains(Done)):not(:has(.o_review_badge_pending))`,
        },
        {
            content: "Search for what no review says",
            trigger: ".o_searchview_input",
            run: "edit no such review",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Nothing matched: said so, not that the inbox is empty",
            trigger:
                ".o_kanban_renderer .o_review_no_match:contains(No review matches your search)",
        },
        {
            content: "The action's help is not shown",
            trigger: ".o_kanban_renderer:not(:has(.o_view_nocontent_smiling_face))",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list says it too",
            trigger:
                ".o_list_renderer .o_review_no_match:contains(No review matches your search)",
        },
        {
            content: "Clear the search",
            trigger: ".o_searchview_facet:contains(no such review) .o_facet_remove",
            run: "click",
        },
        {
            content: "The Done row says Done, and no Pending Action",
            trigger: `.o_data_row:contains(${DONE}):has(.o_field_widget[name=state]:contains(Done)):not(:has(.o_review_badge_pending))`,
        },
        {
            content: "Back to the Inbox",
            trigger: statusValue("Inbox"),
            run: "click",
        },
        {
            content: "The Inbox rows",
            trigger: `.o_data_row:contains(${FIVE_STARS})`,
        },
        {
            content: "No row says Inbox",
            trigger:
                ".o_list_renderer:not(:has(.o_data_row .o_field_widget[name=state]))",
        },
        {
            content: "A row without a rating shows no stars",
            trigger: `.o_data_row:contains(${ANONYMOUS}) .o_data_cell[name=rating_stars]:not(:has(.o_priority))`,
        },
        ...fullStars(FIVE_STARS),
    ],
});

registry.category("web_tour.tours").add("review_inbox_ratings_widths_tour", {
    steps: () => [
        {
            content: "The ratings received",
            trigger: `.o_list_view .o_data_row:contains(${FIVE_STARS})`,
        },
        ...fullStars(FIVE_STARS),
        {
            content: "A handled review shows no Pending Action",
            trigger: `.o_data_row:contains(${DONE}):not(:has(.o_review_badge_pending))`,
        },
    ],
});

registry.category("web_tour.tours").add("review_inbox_anonymous_review_tour", {
    steps: () => [
        {
            content: "The review entered by hand, without a customer",
            trigger: `.o_form_view .o_review_body:contains(${ANONYMOUS})`,
        },
        {
            content: "No customer information without a customer",
            trigger:
                ".o_review_customer_panel:not(:contains(Age)):not(:contains(Purchase amount))",
        },
        {
            content: "No empty phone nor email line",
            trigger:
                ".o_review_customer_panel:not(:has(.o_field_widget[name=partner_phone])):not(:has(.o_field_widget[name=partner_email]))",
        },
        {
            content: "No stars and no Rating 0",
            trigger:
                ".o_form_view:not(:has(.o_review_main .o_priority)):not(:has(.o_field_widget[name=rating]))",
        },
        {
            content: "Its source says it was entered by hand",
            trigger: ".o_field_widget[name=source]:contains(Entered by hand)",
        },
    ],
});

registry.category("web_tour.tours").add("review_inbox_empty_inbox_tour", {
    steps: () => [
        {
            content: "Nothing in the Inbox: the action's help",
            trigger: ".o_view_nocontent_smiling_face:contains(Your inbox is empty)",
        },
        {
            content: "Not the one of a search",
            trigger: ".o_kanban_renderer:not(:has(.o_review_no_match))",
        },
        {
            content: "Show the Spam",
            trigger: statusValue("Spam"),
            run: "click",
        },
        {
            content: "No spam: the status chosen in the panel matched nothing",
            trigger: ".o_review_no_match:contains(No review matches your search)",
        },
    ],
});

registry.category("web_tour.tours").add("review_inbox_manual_entry_tour", {
    steps: () => [
        {
            content: "A review manager enters a review received by phone",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Its source: entered by hand",
            trigger:
                ".o_form_view .o_field_widget[name=source]:contains(Entered by hand)",
        },
        {
            content: "Its place",
            trigger: ".o_field_widget[name=place_id] input",
            run: "edit Place A",
        },
        {
            content: "Pick it",
            trigger:
                ".o-autocomplete--dropdown-item:contains(Place A):not(:contains(Create))",
            run: "click",
        },
        {
            content: "What the customer said",
            trigger: ".o_field_widget[name=body] textarea",
            run: "edit Called about the terrace",
        },
        {
            content: "The rating given on the phone",
            trigger: ".o_field_widget[name=rating] input",
            run: "edit 3",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_breadcrumb .active:contains(Place A)",
        },
        {
            content: "Back to the Inbox",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "Its card says it was entered by hand",
            trigger:
                ".o_kanban_record:contains(Called about the terrace) .o_review_source_manual:contains(Entered by hand)",
        },
    ],
});
