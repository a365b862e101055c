import {registry} from "@web/core/registry";

// The inbox of a member of staff whose language is French (set up by
// test_translations.py): the words come from the addon's fr.po, those of the
// views and fields from the server, those of its scripts from the web
// client's translations.
registry.category("web_tour.tours").add("review_inbox_french_tour", {
    url: "/odoo/action-review_inbox.review_message_action_inbox",
    steps: () => [
        {
            content: "The three priorities are the kanban's columns, in French",
            trigger:
                ".o_kanban_group:contains(Clients en attente) ~ .o_kanban_group:contains(Alertes) ~ .o_kanban_group:contains(Nouveaux messages)",
        },
        {
            content: "The status panel says Inbox in French, with its counter",
            trigger:
                ".o_search_panel_category_value:contains(Boîte de réception) .o_search_panel_counter:contains(2)",
        },
        {
            content: "The answered review's badge is in French",
            trigger:
                ".o_kanban_record:contains(Lovely staff at A) :contains(Réponse du client attendue)",
        },
        {
            content: "Open the alert",
            trigger: ".o_kanban_record:contains(Cold food at A)",
            run: "click",
        },
        {
            content: "The composer, a script's component, speaks French",
            trigger: ".o_review_reply_composer button:contains(Envoyer la réponse)",
        },
        {
            content: "Mark it as done, in French",
            trigger: ".o_form_statusbar button:contains(Marquer comme terminé)",
            run: "click",
        },
        {
            content: "The notification says it in French",
            trigger: ".o_notification:contains(Avis marqué comme terminé)",
        },
    ],
});
