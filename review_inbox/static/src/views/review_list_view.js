import {registry} from "@web/core/registry";
import {listView} from "@web/views/list/list_view";
import {ReviewInboxListRenderer} from "./review_no_match";
import {ReviewInboxSearchModel} from "./review_search_model";

registry.category("views").add("review_inbox_list", {
    ...listView,
    Renderer: ReviewInboxListRenderer,
    SearchModel: ReviewInboxSearchModel,
});
