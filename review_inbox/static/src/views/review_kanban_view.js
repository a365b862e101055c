import {registry} from "@web/core/registry";
import {KanbanController} from "@web/views/kanban/kanban_controller";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {ReviewInboxKanbanRenderer} from "./review_no_match";
import {ReviewInboxSearchModel} from "./review_search_model";

/** A review opened from a column pages through that column only: the form
 * opens the next review of the column after acting on one. */
export class ReviewInboxKanbanController extends KanbanController {
    async openRecord(record, mode) {
        const group = this.model.root.isGrouped
            ? this.model.root.groups.find((g) =>
                  g.records.some((r) => r.id === record.id)
              )
            : null;
        if (!group) {
            return super.openRecord(record, mode);
        }
        const activeIds = group.records.map((datapoint) => datapoint.resId);
        this.props.selectRecord(record.resId, {activeIds, mode});
    }
}

registry.category("views").add("review_inbox_kanban", {
    ...kanbanView,
    Controller: ReviewInboxKanbanController,
    Renderer: ReviewInboxKanbanRenderer,
    SearchModel: ReviewInboxSearchModel,
});
