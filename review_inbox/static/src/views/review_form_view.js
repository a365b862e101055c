import {EventBus, useSubEnv} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";
import {FormController} from "@web/views/form/form_controller";
import {formView} from "@web/views/form/form_view";

/**
 * The review form: after an action that takes the review out of the list it
 * was opened from (Mark as Done, Mark as Spam, Delegate...: its status
 * changes) or after a sent reply, the next review of that list opens, unless
 * the user's preference says to stay. With no next review, back to the list.
 */
export class ReviewFormController extends FormController {
    setup() {
        super.setup();
        // The status of the review before the form's last button, whose
        // reload tells whether the button changed it.
        this.statusBeforeButton = null;
        useSubEnv({
            reviewComposer: {
                bus: new EventBus(),
                afterSend: () => this.afterReplySent(),
            },
        });
    }

    get modelParams() {
        const params = super.modelParams;
        return {
            ...params,
            hooks: {...params.hooks, onRootLoaded: () => this.onReviewLoaded()},
        };
    }

    async beforeExecuteActionButton(clickParams) {
        // saved first (and reloaded) if need be
        const proceed = await super.beforeExecuteActionButton(clickParams);
        const root = this.model.root;
        if (proceed !== false && clickParams.special !== "cancel" && !root.isNew) {
            this.statusBeforeButton = {resId: root.resId, state: root.data.state};
        }
        return proceed;
    }

    /** Called after each load of the review, the reload after a button too. */
    onReviewLoaded() {
        const before = this.statusBeforeButton;
        const root = this.model.root;
        if (!before) {
            return;
        }
        // A wizard's reload comes when it closes: the first load after the
        // button says what the button did.
        this.statusBeforeButton = null;
        if (
            before.resId === root.resId &&
            root.data.state !== before.state &&
            !this.env.inDialog
        ) {
            // after this load, not within it
            Promise.resolve().then(() => this.openNextReview(before.state));
        }
    }

    async afterReplySent() {
        if (
            this.env.inDialog ||
            !(await this.openNextReview(this.model.root.data.state))
        ) {
            await this.model.root.load();
        }
    }

    async stayAfterAction() {
        const [prefs] = await this.orm.read(
            "res.users",
            [user.userId],
            ["review_stay_after_action"]
        );
        return Boolean(prefs && prefs.review_stay_after_action);
    }

    /**
     * Open the next review of the pager still in the list the review was
     * opened from (still of status ``state``), or go back to that list.
     *
     * @param {string} state the status of the list
     * @returns {Promise<boolean>} false when the user stays on the review
     */
    async openNextReview(state) {
        const root = this.model.root;
        const currentId = root.resId;
        const resIds = root.resIds;
        const following = resIds.slice(resIds.indexOf(currentId) + 1);
        const [stay, stillListed] = await Promise.all([
            this.stayAfterAction(),
            following.length
                ? this.orm.search("review.message", [
                      ["id", "in", following],
                      ["state", "=", state],
                  ])
                : [],
        ]);
        if (stay) {
            return false;
        }
        const listed = new Set(stillListed);
        const nextId = following.find((id) => listed.has(id));
        if (nextId) {
            await this.model.load({
                resId: nextId,
                resIds: resIds.filter((id) => id !== currentId),
            });
        } else {
            this.env.config.historyBack();
        }
        return true;
    }
}

registry.category("views").add("review_inbox_form", {
    ...formView,
    Controller: ReviewFormController,
});
