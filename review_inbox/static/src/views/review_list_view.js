import {registry} from "@web/core/registry";
import {listView} from "@web/views/list/list_view";
import {ReviewInboxSearchModel} from "./review_search_model";

registry.category("views").add("review_inbox_list", {
    ...listView,
    SearchModel: ReviewInboxSearchModel,
});
