import {Component, onWillStart, useState} from "@odoo/owl";
import {ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {Dialog} from "@web/core/dialog/dialog";
import {_t} from "@web/core/l10n/translation";
import {useService} from "@web/core/utils/hooks";
import {session} from "@web/session";

/**
 * The user's common replies, newest first, and a field to type a new one.
 * Apply fills the reply composer: a new text is saved on top of the list,
 * an existing one moves to the top as the most recently used. The list keeps
 * ten: saving an eleventh names the one it drops and asks first.
 */
export class CommonReplyDialog extends Component {
    static template = "review_inbox.CommonReplyDialog";
    static components = {Dialog};
    static props = {
        reviewId: Number,
        // asked before filling the reply; resolves to false to keep it
        beforeApply: Function,
        onApply: Function,
        close: Function,
    };

    setup() {
        this.orm = useService("orm");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.state = useState({
            replies: [],
            selectedId: false,
            newBody: "",
            editingId: false,
            editBody: "",
        });
        // Served by the server (ir.http), from the intake rules.
        this.maxLength = session.review_inbox_text_max_length;
        onWillStart(() => this.load());
    }

    async load() {
        this.state.replies = await this.orm.searchRead(
            "review.common.reply",
            [],
            ["body"],
            {order: "sequence desc, id desc"}
        );
        if (!this.state.replies.some((r) => r.id === this.state.selectedId)) {
            this.state.selectedId = false;
        }
    }

    select(reply) {
        this.state.selectedId = reply.id;
        this.state.newBody = "";
    }

    onInputNew(ev) {
        this.state.newBody = ev.target.value;
        if (this.state.newBody) {
            this.state.selectedId = false;
        }
    }

    startEdit(reply) {
        this.state.editingId = reply.id;
        this.state.editBody = reply.body;
    }

    cancelEdit() {
        this.state.editingId = false;
    }

    async saveEdit() {
        await this.orm.write("review.common.reply", [this.state.editingId], {
            body: this.state.editBody,
        });
        this.state.editingId = false;
        await this.load();
    }

    async remove(reply) {
        await this.orm.unlink("review.common.reply", [reply.id]);
        await this.load();
    }

    get canApply() {
        return Boolean(this.state.newBody.trim() || this.state.selectedId);
    }

    /** Resolves to true once the user agreed to drop what saving a new
     * text drops (nothing: at once). */
    async confirmDrop(body) {
        const dropped = await this.orm.call("review.common.reply", "get_dropped_by", [
            body,
        ]);
        if (!dropped.length) {
            return true;
        }
        const names = dropped.map((reply) => `“${shorten(reply.body)}”`).join(", ");
        return new Promise((resolve) => {
            this.dialog.add(
                ConfirmationDialog,
                {
                    title: _t("Drop a common reply?"),
                    body: _t(
                        "You keep up to 10 common replies: saving this one drops %(replies)s. Save it anyway?",
                        {replies: names}
                    ),
                    confirmLabel: _t("Save and drop it"),
                    confirm: () => resolve(true),
                    cancelLabel: _t("Cancel"),
                    cancel: () => resolve(false),
                },
                {onClose: () => resolve(false)}
            );
        });
    }

    async apply() {
        const newBody = this.state.newBody;
        if (!newBody.trim() && !this.state.selectedId) {
            this.notification.add(_t("Select a common reply or type a new one."), {
                type: "warning",
            });
            return;
        }
        if (newBody.trim() && !(await this.confirmDrop(newBody))) {
            return;
        }
        if (!(await this.props.beforeApply())) {
            return;
        }
        let text;
        if (newBody.trim()) {
            text = await this.orm.call("review.common.reply", "add_and_apply", [
                newBody,
                this.props.reviewId,
            ]);
        } else {
            text = await this.orm.call("review.common.reply", "apply_to_review", [
                [this.state.selectedId],
                this.props.reviewId,
            ]);
        }
        await this.props.onApply(text);
        this.props.close();
    }
}

const SHORT_LENGTH = 80;

function shorten(text) {
    const line = text.replace(/\s+/g, " ").trim();
    return line.length > SHORT_LENGTH ? `${line.slice(0, SHORT_LENGTH - 1)}…` : line;
}
