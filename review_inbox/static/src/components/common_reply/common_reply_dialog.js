import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {useService} from "@web/core/utils/hooks";
import {session} from "@web/session";

/**
 * The user's common replies, newest first, and a field to type a new one.
 * Apply fills the reply composer: a new text is saved on top of the list,
 * an existing one moves to the top as the most recently used.
 */
export class CommonReplyDialog extends Component {
    static template = "review_inbox.CommonReplyDialog";
    static components = {Dialog};
    static props = {
        reviewId: Number,
        onApply: Function,
        close: Function,
    };

    setup() {
        this.orm = useService("orm");
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

    async apply() {
        let text;
        if (this.state.newBody.trim()) {
            text = await this.orm.call("review.common.reply", "add_and_apply", [
                this.state.newBody,
                this.props.reviewId,
            ]);
        } else if (this.state.selectedId) {
            text = await this.orm.call("review.common.reply", "apply_to_review", [
                [this.state.selectedId],
                this.props.reviewId,
            ]);
        } else {
            this.notification.add(_t("Select a common reply or type a new one."), {
                type: "warning",
            });
            return;
        }
        await this.props.onApply(text);
        this.props.close();
    }
}
