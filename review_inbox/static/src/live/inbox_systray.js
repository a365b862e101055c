import {Component, onMounted, useState} from "@odoo/owl";
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
        this.orm = useService("orm");
        this.state = useState({visible: false, count: 0});
        // after the first paint: the web client does not wait for a counter
        onMounted(() => this.load());
        useInboxRefresh(() => this.load());
    }

    async load() {
        const result = await this.orm.silent.call("res.users", "review_inbox_systray");
        this.state.visible = Boolean(result);
        this.state.count = result ? result.count : 0;
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
