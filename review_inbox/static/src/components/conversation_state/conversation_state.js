import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {formatDateTime} from "@web/core/l10n/dates";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

const BADGE_CLASSES = {
    awaiting: "o_review_badge_awaiting",
    unread: "o_review_badge_unread",
    pending: "o_review_badge_pending",
};

/**
 * The conversation status of a review as a coloured badge (Awaiting Customer
 * Reply in yellow, Unread Customer Reply in orange, Pending Action in green),
 * with the last update time underneath, and who made it where the view reads
 * conversation_author_id (the form; lists and cards leave it out: one query
 * less per page).
 */
export class ConversationStateField extends Component {
    static template = "review_inbox.ConversationStateField";
    static props = {...standardFieldProps};

    get state() {
        return this.props.record.data[this.props.name];
    }
    get label() {
        const selection = this.props.record.fields[this.props.name].selection;
        return (selection.find(([value]) => value === this.state) || [])[1];
    }
    get badgeClass() {
        return BADGE_CLASSES[this.state];
    }
    get lastUpdate() {
        const date = this.props.record.data.conversation_date;
        return date ? formatDateTime(date, {showSeconds: false}) : "";
    }
    get lastAuthor() {
        const author = this.props.record.data.conversation_author_id;
        return author ? author.display_name || author[1] : "";
    }
}

registry.category("fields").add("review_conversation_state", {
    component: ConversationStateField,
    supportedTypes: ["selection"],
    fieldDependencies: [{name: "conversation_date", type: "datetime"}],
});
