import {registry} from "@web/core/registry";
import {ListController} from "@web/views/list/list_controller";
import {listView} from "@web/views/list/list_view";
import {ReviewInboxListRenderer} from "./review_no_match";
import {ReviewInboxSearchModel} from "./review_search_model";
import {useInboxRefresh} from "../live/live_inbox_service";

/**
 * New reviews appear, handled ones leave, without reloading the page; not
 * while rows are selected or one is edited, which a reload would lose.
 */
export class ReviewInboxListController extends ListController {
    setup() {
        super.setup();
        useInboxRefresh(() => this.env.searchModel.refresh(), {
            isBusy: () =>
                Boolean(
                    this.model.root.selection.length || this.model.root.editedRecord
                ),
        });
    }
}

registry.category("views").add("review_inbox_list", {
    ...listView,
    Renderer: ReviewInboxListRenderer,
    Controller: ReviewInboxListController,
    SearchModel: ReviewInboxSearchModel,
});
