import {registry} from "@web/core/registry";

const form = "form.o_review_form";

registry.category("web_tour.tours").add("review_inbox_review_form_tour", {
    steps: () => [
        {
            content: "The form names the place",
            trigger: "h1:contains(Place A)",
        },
        {
            content: "Give four stars",
            trigger: `${form} label[for=rating_4]`,
            run: "click",
        },
        {
            content: "Four stars are selected",
            trigger: `${form} input#rating_4:checked`,
        },
        {
            content: "Write the review",
            trigger: `${form} textarea[name=comment]`,
            run: "edit Lovely terrace, slow service.",
        },
        {
            content: "Leave a name",
            trigger: `${form} input[name=customer_name]`,
            run: "edit Tina Tour",
        },
        {
            content: "Leave an email",
            trigger: `${form} input[name=email]`,
            run: "edit tina@tour.test",
        },
        {
            content: "Agree that the contact details are kept",
            trigger: `${form} input[name=consent]`,
            run: "click",
        },
        {
            content: "Send",
            trigger: `${form} button[type=submit]`,
            run: "click",
        },
        {
            content: "The thank-you page follows",
            trigger: ".o_review_form_thanks:contains(Thank you for your review)",
        },
    ],
});
