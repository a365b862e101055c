"""Take the documentation's screenshots (docs/screenshots/*.png) with Chromium.

By default a throwaway database with the addon and its demo data is created,
served on a free port, and dropped afterwards, so the pictures do not depend
on what was clicked in the demo database. Options:

    --db NAME     use this existing database instead (not dropped)
    --url URL     use this running server (with --db) instead of starting one
    --only NAME   take only these shots (repeatable; file name without .png)
    --out DIR     where to write (default docs/screenshots)

Run through ``make screenshots`` (or ``scripts/screenshots.sh``), which sets
up the environment. To add a shot, add a ``Shot`` to ``SHOTS``.
"""

import argparse
import json
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import harness  # noqa: E402
from tests.browser import Browser, odoo_login  # noqa: E402

WIDTH, HEIGHT = 1440, 900
INBOX_ACTION = "/odoo/action-review_inbox.review_message_action_inbox"


@dataclass
class Context:
    """What a shot's URL or steps may need."""

    url: str  # the server's base URL
    rpc: harness.JsonRpcClient  # administrator's JSON-RPC client
    cache: dict = field(default_factory=dict)

    def first_review_id(self):
        """Id of the first review.message in the model's default order."""
        if "first_review_id" not in self.cache:
            ids = self.rpc.execute("review.message", "search", [], limit=1)
            if not ids:
                raise RuntimeError("the demo data has no review.message")
            self.cache["first_review_id"] = ids[0]
        return self.cache["first_review_id"]


@dataclass
class Shot:
    """One screenshot.

    name    file name in the output directory
    path    URL path, or a function of the Context returning one
    ready   JavaScript condition true once the page shows what we want
    login   (login, password) to log in with first, or None for a public page
    steps   optional function (browser, context) run once ``ready`` holds,
            e.g. to open a dialog; it waits for what it needs itself
    """

    name: str
    path: object
    ready: str
    login: tuple = (harness.ADMIN_LOGIN, harness.ADMIN_PASSWORD)
    steps: object = None


def _visible(selector):
    return (
        "(el => el && el.getClientRects().length > 0)"
        f"(document.querySelector({json.dumps(selector)}))"
    )


SHOTS = [
    Shot(
        name="inbox_kanban.png",
        path=INBOX_ACTION,
        ready=_visible(".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"),
    ),
    Shot(
        name="inbox_list.png",
        path=f"{INBOX_ACTION}?view_type=list",
        ready=_visible(".o_list_view .o_data_row"),
    ),
    Shot(
        name="review_form.png",
        path=lambda ctx: f"{INBOX_ACTION}/{ctx.first_review_id()}",
        ready=_visible(".o_form_view .o_form_sheet"),
    ),
    # Later: the customer's reply page (login=None) and the common reply
    # dialog (steps=lambda browser, ctx: browser.click(...)).
]

# The web client is idle: no pending request, no spinner, fonts loaded.
SETTLED = (
    "document.readyState === 'complete'"
    " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
)
ERROR_DIALOG = ".o_error_dialog, .o_dialog .modal-title.text-danger"


def take(browser, ctx, shot, out_dir):
    path = shot.path(ctx) if callable(shot.path) else shot.path
    if shot.login:
        # Straight from the login form to the page: one load of the web client
        # (a second load in the same browser may show Odoo's "The page is out
        # of date" notification).
        odoo_login(browser, ctx.url, *shot.login, redirect=path)
    else:
        browser.goto(f"{ctx.url}{path}", timeout=60)
    browser.wait_for(
        f"({shot.ready}) || document.querySelector({json.dumps(ERROR_DIALOG)})", 60
    )
    if browser.count(ERROR_DIALOG):
        raise RuntimeError(
            f"{shot.name}: Odoo shows an error: {browser.text(ERROR_DIALOG)}"
        )
    if shot.steps:
        shot.steps(browser, ctx)
    browser.wait_for(SETTLED, 30)
    browser.eval("document.fonts.ready.then(() => true)")
    time.sleep(0.5)  # let transitions end
    tmp = out_dir / f".{shot.name}.tmp"
    browser.screenshot(tmp)
    tmp.replace(out_dir / shot.name)
    print(f"  {out_dir / shot.name}", flush=True)


def take_all(url, db, shots, out_dir, artifacts):
    ctx = Context(url=url, rpc=harness.JsonRpcClient(url, db, *Shot.login))
    out_dir.mkdir(parents=True, exist_ok=True)
    for shot in shots:  # a fresh browser, so a fresh session, per shot
        with Browser(WIDTH, HEIGHT, artifacts_dir=artifacts, timeout=60) as browser:
            take(browser, ctx, shot, out_dir)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="existing database to use (not dropped)")
    parser.add_argument("--url", help="running server to use (requires --db)")
    parser.add_argument("--only", action="append", help="shot name (repeatable)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    if args.url and not args.db:
        parser.error("--url needs --db")

    shots = SHOTS
    if args.only:
        wanted = {name.removesuffix(".png") for name in args.only}
        shots = [s for s in SHOTS if s.name.removesuffix(".png") in wanted]
        unknown = wanted - {s.name.removesuffix(".png") for s in shots}
        if unknown:
            parser.error(f"unknown shot(s): {', '.join(sorted(unknown))}")
    out_dir = Path(args.out)
    build = ROOT / ".build"
    build.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="screenshots-", dir=build))
    artifacts = work / "failures"

    print(f"Screenshots into {out_dir}:", flush=True)
    try:
        if args.url:
            take_all(args.url.rstrip("/"), args.db, shots, out_dir, artifacts)
            return 0
        db = args.db or f"review_inbox_shots_{secrets.token_hex(4)}"
        fresh = not args.db
        conf = work / "odoo.conf"
        # An existing database keeps its filestore in the shared data_dir.
        data_dir = work / "data" if fresh else build / "data"
        port = harness.free_port()
        harness.write_config(
            conf, db=db, port=port, data_dir=data_dir, log_level="warn"
        )
        server = harness.OdooServer(conf, db, port, work / "server.log")
        try:
            if fresh:
                print(f"  creating {db} with the demo data...", flush=True)
                harness.install(conf, db, work / "install.log")
            elif harness.addon_state(db) != ("installed", True):
                raise harness.HarnessError(
                    f"{db} has no {harness.ADDON} with demo data"
                )
            server.start()
            take_all(server.url, db, shots, out_dir, artifacts)
        finally:
            server.stop()
            if fresh:
                harness.drop_database(db, conf)
    except Exception as exc:
        print(f"screenshots failed: {exc}", file=sys.stderr)
        if artifacts.exists():
            kept = build / "screenshots-failures"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(artifacts, kept)
            print(f"  pictures of the failure: {kept}", file=sys.stderr)
        server_log = work / "server.log"
        if server_log.exists():
            print(harness.tail(server_log, 40), file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
