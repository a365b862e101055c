import {registry} from "@web/core/registry";

// A manager picks a category's icon from the grid (test_ui_settings.py
// checks what was stored).
registry.category("web_tour.tours").add("review_inbox_category_icon_tour", {
    url: "/odoo/action-review_inbox.review_category_action",
    steps: () => [
        {
            content: "The list shows each category's icon",
            trigger:
                ".o_data_row:contains(Service) .o_field_review_icon_picker i.fa-bell-o",
        },
        {
            content: "Open the category",
            trigger: ".o_data_row:contains(Service) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The form shows its icon; open the picker",
            trigger: ".o_form_view .o_review_icon_picker_toggle:has(i.fa-bell-o)",
            run: "click",
        },
        {
            content: "Search the icons",
            trigger: ".o_review_icon_picker_popover .o_review_icon_picker_search",
            run: "edit star",
        },
        {
            content: "Only the matching icons are left",
            trigger:
                ".o_review_icon_picker_grid:has([data-icon=fa-star-half-o]):not(:has([data-icon=fa-cutlery]))",
        },
        {
            content: "Pick the star",
            trigger: ".o_review_icon_picker_icon[data-icon=fa-star]",
            run: "click",
        },
        {
            content: "The form shows the new icon",
            trigger: ".o_form_view .o_review_icon_picker_toggle:has(i.fa-star)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger:
                ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "The list shows the new icon",
            trigger:
                ".o_data_row:contains(Service) .o_field_review_icon_picker i.fa-star",
        },
    ],
});
