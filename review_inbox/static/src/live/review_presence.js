import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";

/**
 * `<widget name="review_presence"/>` on the review form: who else is writing
 * a reply to this review now ("Sophie is replying"), from the live inbox.
 */
export class ReviewPresence extends Component {
    static template = "review_inbox.ReviewPresence";
    static props = {...standardWidgetProps};

    setup() {
        this.replying = useState(useService("review_inbox.live").replying);
    }

    get names() {
        const others = this.replying[this.props.record.resId] || {};
        return Object.values(others).map((other) => other.name);
    }

    get text() {
        const [first, second] = this.names;
        if (this.names.length === 1) {
            return _t("%s is replying", first);
        }
        if (this.names.length === 2) {
            return _t("%(first)s and %(second)s are replying", {first, second});
        }
        return _t("%(first)s, %(second)s and others are replying", {first, second});
    }
}

registry.category("view_widgets").add("review_presence", {
    component: ReviewPresence,
});
