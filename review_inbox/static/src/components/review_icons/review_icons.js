import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/** Small icons of a review: alert, type and categories, each with a tooltip. */
export class ReviewIconsField extends Component {
    static template = "review_inbox.ReviewIconsField";
    static props = {...standardFieldProps};

    get icons() {
        return this.props.record.data[this.props.name] || [];
    }
}

registry.category("fields").add("review_icons", {
    component: ReviewIconsField,
    supportedTypes: ["json"],
});
