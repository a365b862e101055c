import {registry} from "@web/core/registry";
import {KanbanController} from "@web/views/kanban/kanban_controller";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {ReviewInboxSearchModel} from "./review_search_model";
import {useInboxRefresh} from "../live/live_inbox_service";

/** New reviews appear, handled ones leave, without reloading the page. */
export class ReviewInboxKanbanController extends KanbanController {
    setup() {
        super.setup();
        useInboxRefresh(() => this.env.searchModel.refresh());
    }
}

registry.category("views").add("review_inbox_kanban", {
    ...kanbanView,
    Controller: ReviewInboxKanbanController,
    SearchModel: ReviewInboxSearchModel,
});
