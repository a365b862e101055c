import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatDateTime} from "@web/core/l10n/dates";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

const BADGE_CLASSES = {
    awaiting: "o_review_badge_awaiting",
    unread: "o_review_badge_unread",
    pending: "o_review_badge_pending",
    undelivered: "o_review_badge_undelivered",
};

/**
 * The conversation status of a review as a coloured badge (Awaiting Customer
 * Reply in yellow, Unread Customer Reply in orange, Pending Action in green,
 * Not delivered in red), with when and by whom it was last updated
 * underneath.
 *
 * A reply whose email failed is not awaiting anything: while the review's
 * reply_not_delivered is set, the badge says Not delivered instead of
 * Awaiting Customer Reply or Pending Action (an unread customer reply still
 * shows first: staff have it to read). Every view using the widget reads the
 * fields it needs (fieldDependencies); the authors' names come with the
 * page's read (review.message._prefetch_partners), no query per record.
 */
export class ConversationStateField extends Component {
    static template = "review_inbox.ConversationStateField";
    static props = {...standardFieldProps};

    get recordData() {
        return this.props.record.data;
    }
    get state() {
        const state = this.recordData[this.props.name];
        if (
            ["awaiting", "pending"].includes(state) &&
            this.recordData.reply_not_delivered
        ) {
            return "undelivered";
        }
        return state;
    }
    get label() {
        if (this.state === "undelivered") {
            return _t("Not delivered");
        }
        const selection = this.props.record.fields[this.props.name].selection;
        return (selection.find(([value]) => value === this.state) || [])[1];
    }
    get title() {
        if (this.state === "undelivered") {
            return _t(
                "The email of a reply could not be sent: the customer conversation says why."
            );
        }
        return undefined;
    }
    get badgeClass() {
        return BADGE_CLASSES[this.state];
    }
    get lastUpdate() {
        const date = this.recordData.conversation_date;
        return date ? formatDateTime(date, {showSeconds: false}) : "";
    }
    get lastAuthor() {
        const author = this.recordData.conversation_author_id; // [id, display_name]
        return (author && author[1]) || "";
    }
}

registry.category("fields").add("review_conversation_state", {
    component: ConversationStateField,
    supportedTypes: ["selection"],
    fieldDependencies: [
        {name: "conversation_date", type: "datetime"},
        {name: "conversation_author_id", type: "many2one", relation: "res.partner"},
        {name: "reply_not_delivered", type: "boolean"},
    ],
});
