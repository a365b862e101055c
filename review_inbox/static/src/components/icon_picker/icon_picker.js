import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {usePopover} from "@web/core/popover/popover_hook";
import {registry} from "@web/core/registry";
import {useAutofocus} from "@web/core/utils/hooks";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {REVIEW_ICONS} from "./icon_list";

/**
 * The icon's name as people read it: "fa-thumbs-o-up" is "thumbs up" (the
 * "o" of Font Awesome 4 marks an outlined icon).
 *
 * @param {string} icon a Font Awesome class
 * @returns {string}
 */
export function iconLabel(icon) {
    return icon
        .replace(/^fa-/, "")
        .split("-")
        .filter((word) => word !== "o")
        .join(" ");
}

/** The grid of icons, with a search field; a click picks one. */
export class IconPickerPopover extends Component {
    static template = "review_inbox.IconPickerPopover";
    static props = {
        value: {type: String, optional: true},
        onSelect: Function,
        close: Function,
    };

    setup() {
        this.state = useState({search: ""});
        useAutofocus();
    }

    get icons() {
        const words = this.state.search
            .toLowerCase()
            .replace(/^fa-/, "")
            .split(/[\s-]+/)
            .filter((word) => word && word !== "o");
        return REVIEW_ICONS.filter((icon) => {
            const label = iconLabel(icon);
            return words.every((word) => label.includes(word));
        });
    }

    iconLabel(icon) {
        return iconLabel(icon);
    }

    select(icon) {
        this.props.onSelect(icon);
        this.props.close();
    }
}

/**
 * A Font Awesome class field (a category's icon): shows the icon, and
 * offers a searchable grid of icons rather than a class name to type.
 */
export class IconPickerField extends Component {
    static template = "review_inbox.IconPickerField";
    static props = {...standardFieldProps};

    setup() {
        this.popover = usePopover(IconPickerPopover, {
            position: "bottom-start",
            popoverClass: "o_review_icon_picker_popover",
        });
    }

    get value() {
        return this.props.record.data[this.props.name] || "";
    }

    get label() {
        return this.value ? iconLabel(this.value) : _t("No icon");
    }

    toggle(ev) {
        if (this.popover.isOpen) {
            this.popover.close();
            return;
        }
        this.popover.open(ev.currentTarget, {
            value: this.value,
            onSelect: (icon) => this.props.record.update({[this.props.name]: icon}),
        });
    }
}

registry.category("fields").add("review_icon_picker", {
    component: IconPickerField,
    displayName: _t("Icon picker"),
    supportedTypes: ["char"],
});
