import {registry} from "@web/core/registry";

// Place A's staff open the Reviews dashboard (test_ui_dashboard.py).
registry.category("web_tour.tours").add("review_inbox_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        {
            content: "The Reviews dashboard is offered",
            trigger: ".o_search_panel_category_value[data-name='Reviews']",
            // the spreadsheet's code is loaded on the first opening
            timeout: 30000,
            run: "click",
        },
        {
            content: "It opens, with its filters",
            trigger: ".o-filter-value[title='Group of places']",
        },
        {
            content: "and its six scorecards and its chart",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
            timeout: 30000,
            run() {
                const figures = document.querySelectorAll(
                    ".o_spreadsheet_dashboard_action .o-figure"
                );
                if (figures.length !== 7) {
                    throw new Error(`${figures.length} figures`);
                }
            },
        },
    ],
});
