import {EventBus, onWillUnmount, reactive} from "@odoo/owl";
import {browser} from "@web/core/browser/browser";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useBus, useService} from "@web/core/utils/hooks";
import {useDebounced} from "@web/core/utils/timing";

// Bus notifications sent by review.message (models/review_message.py).
export const INBOX_CHANGED = "review_inbox/inbox_changed";
export const REPLYING = "review_inbox/replying";
// An open inbox reloads once a burst of changes is over.
export const REFRESH_DELAY = 1000;
// "Sophie is replying": sent at most this often while she types...
export const REPLYING_INTERVAL = 10000;
// ... and shown this long after the last one.
export const REPLYING_TIMEOUT = 30000;

/**
 * The live inbox: what the server says of the Inbox and of the replies being
 * written, as they happen.
 *
 * - `bus` triggers "inbox-changed" (payload: the review ids) when reviews the
 *   user may read entered or left the Inbox; see useInboxRefresh. A new alert
 *   also pops up a notification.
 * - `counter` is {visible, count}: the user's reviews in the Inbox (reactive;
 *   the systray shows it), for users with a Review Inbox right;
 *   `loadCounter()` reads it again.
 * - `replying` is {reviewId: {partnerId: {name}}}: who else is writing a reply
 *   to a review now (reactive; the review_presence widget shows it).
 * - `notifyReplying(reviewId)` tells the others that the current user is
 *   writing a reply to the review: call it on each input of a reply composer,
 *   it is sent at most once per REPLYING_INTERVAL. `stopReplying(reviewId)`
 *   when the reply is sent or dropped. See also useReplyingNotifier.
 */
export const liveInboxService = {
    dependencies: ["bus_service", "notification", "orm"],

    start(env, {bus_service: busService, notification, orm}) {
        const bus = new EventBus();
        const replying = reactive({});
        const counter = reactive({visible: false, count: 0});
        const expiryTimers = new Map();
        const lastSent = new Map();

        async function loadCounter() {
            const result = await orm.silent.call("res.users", "review_inbox_systray");
            counter.visible = Boolean(result);
            counter.count = result ? result.count : 0;
            return result;
        }
        // A new tab is sent the bus messages of the last minute again: those
        // older than its first count are in what it loaded already (without
        // that count, none is ignored).
        const firstCount = loadCounter().catch(() => ({bus_id: 0}));
        function subscribe(type, callback) {
            busService.subscribe(type, async (payload, {id}) => {
                const result = await firstCount;
                if (result && id > result.bus_id) {
                    callback(payload);
                }
            });
        }

        function forget(reviewId, partnerId) {
            const key = `${reviewId}_${partnerId}`;
            browser.clearTimeout(expiryTimers.get(key));
            expiryTimers.delete(key);
            if (replying[reviewId]) {
                delete replying[reviewId][partnerId];
                if (!Object.keys(replying[reviewId]).length) {
                    delete replying[reviewId];
                }
            }
        }

        subscribe(INBOX_CHANGED, (payload) => {
            bus.trigger("inbox-changed", payload);
            for (const alert of payload.alerts || []) {
                const message = alert.preview
                    ? _t("New alert at %(place)s: %(preview)s", alert)
                    : _t("New alert at %(place)s", alert);
                notification.add(message, {type: "danger", sticky: false});
            }
        });

        subscribe(REPLYING, (payload) => {
            const {review_id: reviewId, partner_id: partnerId} = payload;
            forget(reviewId, partnerId);
            if (!payload.is_replying) {
                return;
            }
            replying[reviewId] = {
                ...(replying[reviewId] || {}),
                [partnerId]: {name: payload.name},
            };
            expiryTimers.set(
                `${reviewId}_${partnerId}`,
                browser.setTimeout(() => forget(reviewId, partnerId), REPLYING_TIMEOUT)
            );
        });
        busService.start();

        // Presence is a courtesy: a failed call must not interrupt the reply
        // being typed (the reply itself reports its own errors).
        function send(reviewId, isReplying) {
            return orm.silent
                .call("review.message", "action_notify_replying", [[reviewId]], {
                    is_replying: isReplying,
                })
                .catch(() => false);
        }

        return {
            bus,
            counter,
            loadCounter,
            replying,
            /**
             * @param {number} reviewId
             * @returns {Promise<boolean>} whether it was sent
             */
            async notifyReplying(reviewId) {
                const now = Date.now();
                if (
                    !reviewId ||
                    now - (lastSent.get(reviewId) ?? -Infinity) < REPLYING_INTERVAL
                ) {
                    return false;
                }
                lastSent.set(reviewId, now);
                return send(reviewId, true);
            },
            /**
             * @param {number} reviewId
             * @returns {Promise<boolean>} whether it was sent
             */
            async stopReplying(reviewId) {
                const sentAt = lastSent.get(reviewId);
                lastSent.delete(reviewId);
                if (sentAt === undefined || Date.now() - sentAt >= REPLYING_TIMEOUT) {
                    return false;
                }
                return send(reviewId, false);
            },
        };
    },
};

registry.category("services").add("review_inbox.live", liveInboxService);

/**
 * Calls `refresh` when reviews entered or left the Inbox, once a burst of
 * changes is over; while `isBusy()` (a selection, a row being edited) it
 * waits.
 *
 * @param {Function} refresh
 * @param {{isBusy?: Function}} [options]
 */
export function useInboxRefresh(refresh, {isBusy = () => false} = {}) {
    const live = useService("review_inbox.live");
    const debounced = useDebounced(() => {
        if (isBusy()) {
            debounced();
            return;
        }
        return refresh();
    }, REFRESH_DELAY);
    useBus(live.bus, "inbox-changed", () => debounced());
}

/**
 * For a reply composer: `notify()` on each input, `stop()` once the reply is
 * sent; leaving the composer stops too.
 *
 * @param {Function} getReviewId
 * @returns {{notify: Function, stop: Function}}
 */
export function useReplyingNotifier(getReviewId) {
    const live = useService("review_inbox.live");
    onWillUnmount(() => live.stopReplying(getReviewId()));
    return {
        notify: () => live.notifyReplying(getReviewId()),
        stop: () => live.stopReplying(getReviewId()),
    };
}
