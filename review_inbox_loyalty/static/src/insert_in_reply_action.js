import {insertInReply} from "@review_inbox/components/reply_composer/reply_composer";
import {registry} from "@web/core/registry";

/**
 * Returned by review.gesture.wizard: the code of the card just offered goes
 * into the reply being written, at its cursor; then the next action (a
 * notification, which closes the wizard).
 *
 * @param {object} env
 * @param {object} action params: review_id, text, next
 * @returns {object | undefined} the next action
 */
function insertInReplyAction(env, action) {
    const {review_id: reviewId, text, next} = action.params;
    insertInReply(reviewId, text);
    return next;
}

registry
    .category("actions")
    .add("review_inbox_loyalty.insert_in_reply", insertInReplyAction);
