import {registry} from "@web/core/registry";

const composer = ".o_form_view .o_review_reply_composer";
const replyBody = `${composer} .o_review_reply_body`;

/** insertInReply, as a module that adds a text from elsewhere calls it. */
function insert(text) {
    return {
        content: `Insert "${text}" into the reply`,
        trigger: replyBody,
        run() {
            const {insertInReply} = odoo.loader.modules.get(
                "@review_inbox/components/reply_composer/reply_composer"
            );
            const resId = Number(window.location.pathname.split("/").pop());
            insertInReply(resId, text);
        },
    };
}

function checkReply(expected) {
    return {
        content: `The reply reads "${expected}"`,
        trigger: replyBody,
        run() {
            if (this.anchor.value !== expected) {
                throw new Error(
                    `Reply is "${this.anchor.value}", expected "${expected}"`
                );
            }
        },
    };
}

registry.category("web_tour.tours").add("review_inbox_insert_in_reply_tour", {
    steps: () => [
        {
            content: "Write a reply",
            trigger: replyBody,
            run: "edit Dear Carla, is yours.",
        },
        {
            content: "Put the cursor after the comma",
            trigger: replyBody,
            run() {
                this.anchor.focus();
                this.anchor.setSelectionRange(11, 11);
                this.anchor.blur();
            },
        },
        insert("CODE-1"),
        checkReply("Dear Carla, CODE-1 is yours."),
        {
            content: "The cursor is after the inserted text",
            trigger: replyBody,
            run() {
                if (this.anchor.selectionStart !== 18) {
                    throw new Error(`Cursor at ${this.anchor.selectionStart}`);
                }
                this.anchor.setSelectionRange(28, 28);
            },
        },
        insert("Bye"),
        insert("CODE-2"),
        checkReply("Dear Carla, CODE-1 is yours. Bye CODE-2"),
        {
            content: "Send reply",
            trigger: `${composer} .o_review_reply_send:enabled`,
            run: "click",
        },
        {
            content: "The reply is sent",
            trigger: ".o_review_conversation_entries:contains(CODE-2)",
        },
    ],
});
