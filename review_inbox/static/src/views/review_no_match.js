import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {ListRenderer} from "@web/views/list/list_renderer";

/*
 * The inbox's renderers: an empty search says that no review matched (see
 * ReviewInboxSearchModel.reviewHasUserSearch); the action's help stays for
 * views that are empty without any search of the user.
 */

export class ReviewInboxKanbanRenderer extends KanbanRenderer {
    static template = "review_inbox.KanbanRenderer";
}

export class ReviewInboxListRenderer extends ListRenderer {
    static template = "review_inbox.ListRenderer";
}
