import {registry} from "@web/core/registry";

const field = (name) => `.o_setting_box .o_field_widget[name=${name}] input`;

// A review manager who is not an administrator saves the addon's settings
// (test_ui_settings.py checks what was stored).
registry.category("web_tour.tours").add("review_inbox_settings_tour", {
    url: "/odoo/action-review_inbox.review_inbox_settings_action",
    steps: () => [
        {
            content: "The page shows the Review Inbox settings only",
            trigger: ".o_settings_container:contains(Dissatisfaction alerts)",
        },
        {
            content: "No other app's settings are offered",
            trigger: ".settings_tab .tab.selected .app_name:contains(Review Inbox)",
            run() {
                const apps = [...document.querySelectorAll(".settings_tab .app_name")];
                if (
                    apps.map((app) => app.textContent.trim()).join() !== "Review Inbox"
                ) {
                    throw new Error(`other apps offered: ${apps.length}`);
                }
            },
        },
        {
            content: "Alerts at 3 stars and under",
            trigger: field("review_alert_threshold"),
            run: "edit 3 && click body",
        },
        {
            content: "Type an invalid customer service address",
            trigger: field("review_customer_service_email"),
            run: "edit care@@corp && click body",
        },
        {
            content: "It is refused at once",
            trigger: ".modal:contains(is not valid) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Type a valid one, in capitals",
            trigger: field("review_customer_service_email"),
            run: "edit Care@Tour.TEST && click body",
        },
        {
            content: "It is normalized",
            trigger: `${field("review_customer_service_email")}:value(care@tour.test)`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "After the reload, the page shows the saved threshold",
            trigger: `${field("review_alert_threshold")}:value(3)`,
        },
        {
            content: "and the saved address",
            trigger: `${field("review_customer_service_email")}:value(care@tour.test)`,
        },
    ],
});
