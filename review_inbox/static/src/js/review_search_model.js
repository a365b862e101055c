import { patch } from "@web/core/utils/patch";
import { SearchModel } from "@web/search/search_model";

/**
 * Coming back to the inbox through the breadcrumbs restores the search panel
 * as it was, counters included. The Inbox counter is the number of reviews
 * awaiting processing: refresh it, since the review just left may have been
 * marked as Done.
 */
patch(SearchModel.prototype, {
    async load(config) {
        await super.load(...arguments);
        if (
            config.state &&
            this.resModel === "review.message" &&
            this.searchPanelInfo?.loaded &&
            this.categories.some((section) => section.enableCounters)
        ) {
            this.searchPanelInfo.shouldReload = true;
            await this._reloadSections();
        }
    },
});
