import {registry} from "@web/core/registry";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {ReviewInboxSearchModel} from "./review_search_model";

registry.category("views").add("review_inbox_kanban", {
    ...kanbanView,
    SearchModel: ReviewInboxSearchModel,
});
