import {registry} from "@web/core/registry";

const form = "form.o_review_rate_form";

registry.category("web_tour.tours").add("review_inbox_rate_page_tour", {
    steps: () => [
        {
            content: "The page names what is rated",
            trigger: ".o_review_rate_document:contains(Your visit to Place A)",
        },
        {
            content: "The star link of the email chose two stars",
            trigger: `${form} input#rating_2:checked`,
        },
        {
            content: "Give four stars instead",
            trigger: `${form} label[for=rating_4]`,
            run: "click",
        },
        {
            content: "Four stars are selected",
            trigger: `${form} input#rating_4:checked`,
        },
        {
            content: "Write a comment",
            trigger: `${form} textarea[name=comment]`,
            run: "edit Quick and friendly.",
        },
        {
            content: "Send",
            trigger: `${form} button[type=submit]`,
            run: "click",
        },
        {
            content: "Thank you",
            trigger: ".o_review_rate_thanks:contains(Thank you for your rating)",
        },
    ],
});

registry.category("web_tour.tours").add("review_inbox_rated_document_tour", {
    steps: () => [
        {
            content: "The review names its rating request",
            trigger:
                ".o_form_view .o_field_widget[name=request_id]:contains(Order S00040)",
        },
        {
            content: "Open the rated document",
            trigger: ".o_form_view .oe_stat_button:contains(Rated document)",
            run: "click",
        },
        {
            content: "The document is open",
            trigger: ".o_breadcrumb .active:contains(Order S00040)",
        },
    ],
});
