import {registry} from "@web/core/registry";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {ReviewInboxKanbanRenderer} from "./review_no_match";
import {ReviewInboxSearchModel} from "./review_search_model";

registry.category("views").add("review_inbox_kanban", {
    ...kanbanView,
    Renderer: ReviewInboxKanbanRenderer,
    SearchModel: ReviewInboxSearchModel,
});
