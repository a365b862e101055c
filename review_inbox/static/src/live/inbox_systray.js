import {Component, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {useInboxRefresh} from "./live_inbox_service";

/**
 * The number of reviews in the Inbox that the user may read, in the systray,
 * kept up to date by the live inbox; a click opens the Inbox. Shown to users
 * with a Review Inbox right only (the server says so with the count).
 */
export class InboxSystray extends Component {
    static template = "review_inbox.InboxSystray";
    static props = {};

    setup() {
        this.action = useService("action");
        const live = useService("review_inbox.live");
        this.counter = useState(live.counter);
        useInboxRefresh(() => live.loadCounter());
    }

    openInbox() {
        this.action.doAction("review_inbox.review_message_action_inbox", {
            clearBreadcrumbs: true,
        });
    }
}

registry
    .category("systray")
    .add("review_inbox.inbox_systray", {Component: InboxSystray}, {sequence: 30});
