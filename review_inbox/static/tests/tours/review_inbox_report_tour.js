import {registry} from "@web/core/registry";

// Place A's staff open the reviews analysis: the pivot of their place by
// month, then the graph and the list (test_ui_report.py sets the data).
registry.category("web_tour.tours").add("review_inbox_report_tour", {
    url: "/odoo/action-review_inbox.review_report_action",
    steps: () => [
        {
            content: "The pivot opens on the places by month",
            trigger: ".o_pivot th.o_pivot_header_cell_closed:contains(Place A)",
        },
        {
            content: "with the average rating of the place",
            trigger: ".o_pivot th:contains(Average rating)",
        },
        {
            content: "Place A: 2 reviews, 2.50 stars on average",
            trigger: ".o_pivot tr:has(th:contains(Place A)) td:contains(2.50)",
        },
        {
            content: "Another place's staff see nothing of it",
            trigger: ".o_pivot:not(:contains(Place B))",
        },
        {
            content: "Open the reviews of Place A, its total",
            trigger: ".o_pivot tr:has(th:contains(Place A)) td.o_pivot_cell_value:last",
            run: "click",
        },
        {
            content: "The cell's two reviews, in a list",
            trigger:
                ".o_list_view:has(.o_data_row:contains(Place A):eq(1)):not(:has(.o_data_row:eq(2)))",
        },
        {
            content: "Back to the pivot",
            trigger: ".o_breadcrumb .o_back_button a, .breadcrumb-item:not(.active) a",
            run: "click",
        },
        {
            content: "The pivot again",
            trigger: ".o_pivot th.o_pivot_header_cell_closed:contains(Place A)",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The monthly average rating",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "One row per review of the place",
            trigger: ".o_list_view .o_data_row:contains(Place A)",
        },
    ],
});
