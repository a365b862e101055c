import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {CommonReplyDialog} from "./common_reply_dialog";

/** "Common reply..." in the reply composer: fills the reply from the dialog. */
export class CommonReplyButton extends Component {
    static template = "review_inbox.CommonReplyButton";
    static props = {...standardWidgetProps};

    setup() {
        this.dialog = useService("dialog");
    }

    get reviewId() {
        const value = this.props.record.data.review_id;
        return Array.isArray(value) ? value[0] : value && value.id;
    }

    open() {
        this.dialog.add(CommonReplyDialog, {
            reviewId: this.reviewId,
            onApply: (text) => this.props.record.update({body: text}),
        });
    }
}

registry.category("view_widgets").add("review_common_reply_button", {
    component: CommonReplyButton,
});
