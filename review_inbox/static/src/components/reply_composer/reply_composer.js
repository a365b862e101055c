import {
    Component,
    onMounted,
    onPatched,
    onWillUnmount,
    onWillUpdateProps,
    useRef,
    useState,
} from "@odoo/owl";
import {ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useBus, useService} from "@web/core/utils/hooks";
import {session} from "@web/session";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {CommonReplyButton} from "../common_reply/common_reply_button";
import {useReplyingNotifier} from "../../live/live_inbox_service";

// Raised by review.message.send_reply when a colleague answered meanwhile.
const REPLY_CONFLICT =
    "odoo.addons.review_inbox.models.review_message.ReviewReplyConflict";

// Replies being written, by review: kept while the user looks at other
// reviews, dropped once sent.
const drafts = new Map();
// The composers on screen.
const composers = new Set();

/**
 * Put ``text`` into the reply being written to a review: at the cursor of
 * its composer when it is on screen (where the cursor was left, e.g. before
 * a wizard opened), else at the end of its draft. For the modules that add
 * something to a reply from elsewhere (a coupon's code from a wizard).
 *
 * @param {number} reviewId
 * @param {string} text
 */
export function insertInReply(reviewId, text) {
    for (const composer of composers) {
        if (composer.reviewId === reviewId) {
            composer.insertAtCursor(text);
            return;
        }
    }
    const draft = drafts.get(reviewId) || "";
    drafts.set(reviewId, joinAround(draft, text, ""));
}

/** ``before + text + after``, a space between words that would touch. */
function joinAround(before, text, after) {
    const left = before && !/\s$/.test(before) ? " " : "";
    const right = after && !/^\s/.test(after) ? " " : "";
    return `${before}${left}${text}${right}${after}`;
}

function many2oneName(value) {
    if (!value) {
        return "";
    }
    return Array.isArray(value) ? value[1] : value.display_name;
}

/**
 * The reply composer, in the review form below the customer's text and the
 * conversation: the reply, "Common reply..." and "Send reply", which calls
 * review.message.send_reply with the newest entry of the conversation shown,
 * so that a reply a colleague sent meanwhile is asked about first.
 */
export class ReplyComposer extends Component {
    static template = "review_inbox.ReplyComposer";
    static components = {CommonReplyButton};
    static props = {...standardWidgetProps};

    setup() {
        this.orm = useService("orm");
        this.dialog = useService("dialog");
        this.bodyRef = useRef("body");
        // Served by the server (ir.http), from the intake rules.
        this.maxLength = session.review_inbox_text_max_length;
        this.state = useState({
            body: drafts.get(this.props.record.resId) || "",
            sending: false,
        });
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                this.state.body = drafts.get(nextProps.record.resId) || "";
                this.hadCursor = false;
            }
        });
        // the colleagues who have the review open see "Sophie is replying"
        this.replying = useReplyingNotifier(() => this.reviewId);
        const composer = this.env.reviewComposer;
        if (composer) {
            useBus(composer.bus, "focus", () => this.focus());
        }
        // where the cursor goes once an insertion is rendered; whether the
        // user ever put it in the reply (else insertions go at the end)
        this.cursorAfterRender = null;
        this.hadCursor = false;
        onMounted(() => composers.add(this));
        onWillUnmount(() => composers.delete(this));
        onPatched(() => {
            const el = this.bodyRef.el;
            if (el && this.cursorAfterRender !== null) {
                el.focus();
                el.setSelectionRange(this.cursorAfterRender, this.cursorAfterRender);
                this.cursorAfterRender = null;
            }
        });
    }

    get reviewId() {
        return this.props.record.resId;
    }

    get customerName() {
        return many2oneName(this.props.record.data.partner_id);
    }

    get customerEmail() {
        return this.props.record.data.partner_email || "";
    }

    get canSend() {
        return Boolean(this.state.body.trim()) && !this.state.sending;
    }

    /** The newest entry of the conversation the user has in view (0: none). */
    get lastSeenEntryId() {
        const entries = this.props.record.data.conversation_entry_ids;
        const ids = (entries ? entries.currentIds : []).filter(Number.isInteger);
        return ids.length ? Math.max(...ids) : 0;
    }

    focus() {
        const el = this.bodyRef.el;
        if (el) {
            el.scrollIntoView({block: "center"});
            el.focus();
        }
    }

    setBody(body) {
        this.state.body = body;
        if (body) {
            drafts.set(this.reviewId, body);
        } else {
            drafts.delete(this.reviewId);
        }
    }

    /** Each keystroke of the reply tells the colleagues on the review that
     * the user is replying (sent at most once per 10 s). */
    onInput(ev) {
        this.setBody(ev.target.value);
        if (this.reviewId) {
            this.replying.notify();
        }
    }

    /** From now on, an insertion goes where the user leaves the cursor. */
    onFocus() {
        this.hadCursor = true;
    }

    /** A common reply replaces typed text only once the user agrees. */
    confirmReplace() {
        if (!this.state.body.trim()) {
            return true;
        }
        return new Promise((resolve) => {
            this.dialog.add(
                ConfirmationDialog,
                {
                    title: _t("Replace your reply?"),
                    body: _t(
                        "The common reply replaces the text you typed. Replace it?"
                    ),
                    confirmLabel: _t("Replace"),
                    confirm: () => resolve(true),
                    cancelLabel: _t("Keep my text"),
                    cancel: () => resolve(false),
                },
                {onClose: () => resolve(false)}
            );
        });
    }

    /** ``text`` at the cursor of the reply (replacing what is selected),
     * or at its end when the reply was never given the cursor. */
    insertAtCursor(text) {
        const body = this.state.body;
        const el = this.bodyRef.el;
        let [start, end] = [body.length, body.length];
        if (el && el.value === body && this.hadCursor) {
            [start, end] = [el.selectionStart, el.selectionEnd];
        }
        const before = body.slice(0, start);
        const joined = joinAround(before, text, body.slice(end));
        this.cursorAfterRender = joinAround(before, text, "").length;
        this.setBody(joined);
    }

    applyCommonReply(text) {
        this.setBody(text);
        this.focus();
    }

    async send({checkConcurrent = true} = {}) {
        if (!this.canSend) {
            return;
        }
        const record = this.props.record;
        this.state.sending = true;
        try {
            if (record.dirty && !(await record.save())) {
                return;
            }
            const kwargs = checkConcurrent
                ? {expected_last_entry_id: this.lastSeenEntryId}
                : {};
            try {
                await this.orm.call(
                    "review.message",
                    "send_reply",
                    [[this.reviewId], this.state.body],
                    kwargs
                );
            } catch (error) {
                if (error.data && error.data.name === REPLY_CONFLICT) {
                    this.askSendAnyway(error.data.message);
                    return;
                }
                throw error;
            }
            this.setBody("");
            this.replying.stop();
        } finally {
            this.state.sending = false;
        }
        if (this.env.reviewComposer) {
            await this.env.reviewComposer.afterSend();
        } else {
            await record.load();
        }
    }

    askSendAnyway(message) {
        // a term of its own, not inside the template string: the export
        // of translatable terms reads _t("...") calls only
        const question = _t("Send anyway?");
        this.dialog.add(ConfirmationDialog, {
            title: _t("Already answered"),
            body: `${message} ${question}`,
            confirmLabel: _t("Send anyway"),
            confirm: () => this.send({checkConcurrent: false}),
            cancelLabel: _t("Read the conversation first"),
            // the colleague's reply shows, the text stays
            cancel: () => this.props.record.load(),
        });
    }
}

registry.category("view_widgets").add("review_reply_composer", {
    component: ReplyComposer,
});

/** "Reply" on the review: brings the reply composer into view, focused. */
export class ReplyButton extends Component {
    static template = "review_inbox.ReplyButton";
    static props = {...standardWidgetProps};

    onClick() {
        this.env.reviewComposer?.bus.trigger("focus");
    }
}

registry.category("view_widgets").add("review_reply_button", {
    component: ReplyButton,
});
