import {SearchModel} from "@web/search/search_model";

/**
 * The search model of the inbox's kanban and list views. Coming back to the
 * inbox through the breadcrumbs restores the search panel as it was, counters
 * included. The Inbox counter is the number of reviews awaiting processing:
 * refresh it, since the review just left may have been marked as Done.
 */
export class ReviewInboxSearchModel extends SearchModel {
    async load(config) {
        await super.load(...arguments);
        if (
            config.state &&
            this.searchPanelInfo?.loaded &&
            this.categories.some((section) => section.enableCounters)
        ) {
            this.searchPanelInfo.shouldReload = true;
            await this._reloadSections();
        }
    }

    /**
     * Reload the records and the search panel's counters with the search as
     * it is (the live inbox: reviews entered or left the Inbox).
     */
    async refresh() {
        await this._notify();
    }
}
