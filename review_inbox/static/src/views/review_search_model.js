import {SearchModel} from "@web/search/search_model";

// Search items that group or compare: they filter out no review.
const NOT_FILTERING = ["groupBy", "dateGroupBy", "comparison"];

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
     * Whether the user narrowed the reviews beyond the action's defaults (a
     * facet, a status or place of the panel): an empty view then says that
     * nothing matched, not that there is nothing at all.
     */
    get reviewHasUserSearch() {
        const searching = this.query.some(({searchItemId}) => {
            const item = this.searchItems[searchItemId];
            return !item.isDefault && !NOT_FILTERING.includes(item.type);
        });
        if (searching) {
            return true;
        }
        const defaults = this.reviewPanelDefaults || {};
        const category = this.categories.find(
            (section) =>
                (section.activeValueId || false) !==
                (defaults[section.fieldName] ?? false)
        );
        return (
            Boolean(category) ||
            this.filters.some((section) => {
                const defaultIds = defaults[section.fieldName] || [];
                return [...section.values.values()].some(
                    (value) => value.checked && !defaultIds.includes(value.id)
                );
            })
        );
    }

    _extractSearchDefaultsFromGlobalContext() {
        const defaults = super._extractSearchDefaultsFromGlobalContext(...arguments);
        // the action's context, read again on every load (breadcrumbs too); a
        // reload without the action's context keeps them
        const panelDefaults = defaults.searchPanelDefaults;
        if (!this.reviewPanelDefaults || Object.keys(panelDefaults).length) {
            this.reviewPanelDefaults = panelDefaults;
        }
        return defaults;
    }
}
