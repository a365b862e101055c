import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatDateTime} from "@web/core/l10n/dates";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * A clock badge on a review of the Inbox whose answer is due soon (yellow)
 * or late (red); its title says when the answer is or was due, in the
 * user's time zone. Nothing for the other statuses, nor outside the Inbox.
 * The deadline and the status come with the page's read (fieldDependencies).
 */
export class SlaBadgeField extends Component {
    static template = "review_inbox.SlaBadgeField";
    static props = {...standardFieldProps};

    get status() {
        const data = this.props.record.data;
        const status = data[this.props.name];
        if (data.state !== "inbox" || !["due_soon", "late"].includes(status)) {
            return false;
        }
        return status;
    }
    get label() {
        return this.status === "late" ? _t("Late") : _t("Due soon");
    }
    get title() {
        const deadline = this.props.record.data.sla_deadline;
        const date = deadline ? formatDateTime(deadline, {showSeconds: false}) : "";
        if (this.status === "late") {
            return _t("Late: answer was due on %(date)s", {date});
        }
        return _t("Due soon: answer due by %(date)s", {date});
    }
    get badgeClass() {
        return this.status === "late" ? "text-bg-danger" : "text-bg-warning";
    }
}

registry.category("fields").add("review_sla_badge", {
    component: SlaBadgeField,
    supportedTypes: ["selection"],
    fieldDependencies: [
        {name: "sla_deadline", type: "datetime"},
        {name: "state", type: "selection"},
    ],
});
