import json
import threading
from contextlib import contextmanager

from odoo import api, fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.bus.models.bus import (
    channel_with_db,
    dispatch,
    hashable,
    json_dump,
)
from odoo.addons.bus.tests.common import WebsocketCase

from ..models.review_message import REPLYING
from .common import ReviewInboxCase
from .test_live_inbox import add_place_a_colleague

# How often the stand-in for the bus's NOTIFY wakes the websockets up.
PUMP_INTERVAL = 0.5


def open_websockets():
    """{channel: websockets} of the bus, copied while websocket threads may
    change it."""
    while True:
        try:
            return {
                channel: set(websockets)
                for channel, websockets in list(dispatch._channels_to_ws.items())
            }
        except RuntimeError:  # changed during the copy
            continue


@tagged("post_install", "-at_install")
class TestUiLiveInbox(ReviewInboxCase, WebsocketCase):
    """The live inbox in the browser, over the web client's websocket
    (WebsocketCase lets tests open it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add_place_a_colleague(cls)

    @contextmanager
    def live_bus(self, user, tick=None):
        """Wake the websockets up while the tour runs, as the bus's
        PostgreSQL NOTIFY does in production: a test cursor drops the
        post-commit hooks that send it, so nothing else would. ``tick(env)``
        runs each time first, in a transaction of its own as a request is,
        as superuser.

        Both wait for a new websocket of ``user``, the tour's browser's:
        until then the test itself uses its cursor (logging in), which no
        other thread may use meanwhile."""
        stop = threading.Event()
        errors = []
        channel = hashable(channel_with_db(self.env.cr.dbname, user.partner_id))
        earlier = open_websockets().get(channel, set())

        def pump():
            while not stop.wait(PUMP_INTERVAL):
                websockets = open_websockets()
                if not websockets.get(channel, set()) - earlier:
                    continue
                try:
                    if tick:
                        with self.registry.cursor() as cr:
                            tick(api.Environment(cr, self.env.uid, {}))
                    for websocket in set().union(*websockets.values()):
                        websocket.trigger_notification_dispatching()
                except Exception as error:  # noqa: BLE001 raised below
                    errors.append(error)
                    return

        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=10)
        if errors:
            raise errors[0]

    def _replying_to(self, env, user):
        """The payloads of the "is replying" messages sent to ``user``."""
        channel = json_dump(channel_with_db(env.cr.dbname, user.partner_id))
        rows = env["bus.bus"].sudo().search([("channel", "=", channel)], order="id")
        messages = [json.loads(row.message) for row in rows]
        return [m["payload"] for m in messages if m["type"] == REPLYING]

    def test_kanban_and_systray_follow_a_new_review(self):
        """A customer's review arrives while the Inbox is open; one created
        before the page opened is in what the page loaded: its message, which
        the bus sends again to a new tab, pops nothing up."""
        self.env["review.message"].create(
            {
                "place_id": self.place_a.id,
                "rating": 1,
                "body": "An alert before the page opened",
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        # as if just sent (the bus sends those of the last 50 s again); the
        # test's transaction dates them when it began
        self.env.cr.execute(
            SQL("UPDATE bus_bus SET create_date = %s", fields.Datetime.now())
        )
        posted = []

        def customer(env):
            # once the tour says it is ready, a customer's review arrives
            # (as the public form or the mail gateway create it)
            if not posted and self._replying_to(env, self.user_a2):
                env["review.message"].create(
                    {
                        "place_id": self.place_a.id,
                        "rating": 1,
                        "body": "Live: the coffee was cold",
                    }
                )
                posted.append(True)

        with self.live_bus(self.user_a, tick=customer):
            self.start_tour(
                "/odoo/action-review_inbox.review_message_action_inbox",
                "review_inbox_live_kanban_tour",
                login="place_a_user",
            )
        review = self.env["review.message"].search(
            [("body", "=", "Live: the coffee was cold")]
        )
        self.assertEqual(review.place_id, self.place_a)
        self.assertTrue(review.is_alert)

    def test_two_staff_on_one_review(self):
        """Sophie types a reply (her client calls action_notify_replying)
        until Alice's own typing reaches her, then stops; Alice's form shows
        "Sophie is replying" meanwhile."""
        review_id = self.review_a.id
        state = {"stopped": False}

        def sophie(env):
            if state["stopped"]:
                return
            review = env["review.message"].with_user(self.user_a2).browse(review_id)
            heard = self._replying_to(env, self.user_a2)
            review.action_notify_replying(is_replying=not heard)
            state["stopped"] = bool(heard)

        with self.live_bus(self.user_a, tick=sophie):
            self.start_tour(
                f"/odoo/action-review_inbox.review_message_action_inbox/{review_id}",
                "review_inbox_live_presence_tour",
                login="place_a_user",
            )
        # Alice typed in the composer, then her client asked once more: sent
        # once; leaving the review (the systray) said she stopped
        alice = {
            "review_id": review_id,
            "partner_id": self.user_a.partner_id.id,
            "name": "Alice",
        }
        self.assertEqual(
            self._replying_to(self.env, self.user_a2),
            [dict(alice, is_replying=True), dict(alice, is_replying=False)],
        )
