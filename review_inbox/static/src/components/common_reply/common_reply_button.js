import {Component} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";
import {CommonReplyDialog} from "./common_reply_dialog";

/** "Common reply..." in the reply composer: fills the reply from the dialog. */
export class CommonReplyButton extends Component {
    static template = "review_inbox.CommonReplyButton";
    static props = {
        reviewId: Number,
        // resolves to false to keep the reply as it is
        beforeApply: {type: Function, optional: true},
        onApply: Function,
    };

    setup() {
        this.dialog = useService("dialog");
    }

    open() {
        this.dialog.add(CommonReplyDialog, {
            reviewId: this.props.reviewId,
            beforeApply: this.props.beforeApply || (() => true),
            onApply: this.props.onApply,
        });
    }
}
