"""A small headless Chromium driver speaking the Chrome DevTools protocol.

No Selenium or Playwright: Chromium is started with a remote-debugging port
and driven over one websocket (``websocket-client``) to its first page.

    with Browser() as browser:
        browser.goto("http://localhost:8069/web/login")
        browser.fill("input[name=login]", "admin")
        browser.click("button[type=submit]")
        browser.wait_for("document.querySelector('.o_main_navbar')")
        browser.screenshot("shot.png")

Used by the end-to-end tests (fixture ``browser`` in tests/conftest.py) and
by scripts/screenshots.py.
"""

import base64
import collections
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import websocket

BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
BROWSER_BIN_ENV = "BROWSER_BIN"

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--disable-dev-shm-usage",
    "--no-pings",
    "--password-store=basic",
    "--use-mock-keychain",
    "--mute-audio",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=en-US",
)


class BrowserError(RuntimeError):
    """A DevTools command failed, or the page threw while evaluating."""


class BrowserNotFound(BrowserError):
    """No Chromium executable on PATH (nor in $BROWSER_BIN)."""


def find_browser():
    """Path of the Chromium executable to use, or None."""
    explicit = os.environ.get(BROWSER_BIN_ENV)
    if explicit:
        return shutil.which(explicit) or (
            explicit if os.access(explicit, os.X_OK) else None
        )
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _js(value):
    """A Python value as a JavaScript literal."""
    return json.dumps(value)


class Browser:
    """One headless Chromium with one page.

    :param width, height: the window (and viewport) size in CSS pixels
    :param artifacts_dir: where a screenshot is saved when a wait times out
    :param timeout: default timeout of waits, in seconds
    """

    def __init__(self, width=1440, height=900, artifacts_dir=None, timeout=30):
        self.width = width
        self.height = height
        self.timeout = timeout
        self.artifacts_dir = Path(artifacts_dir) if artifacts_dir else None
        self.console_errors = []
        self._ids = itertools.count(1)
        self._events = collections.deque(maxlen=2000)
        self._event_seq = 0
        self._proc = None
        self._ws = None
        self._profile = None
        self._start()

    # -- life cycle --------------------------------------------------------

    def _start(self):
        executable = find_browser()
        if not executable:
            raise BrowserNotFound(
                "no Chromium found: install the 'chromium' package or set "
                f"{BROWSER_BIN_ENV} (looked for {', '.join(BROWSER_NAMES)})"
            )
        self._profile = tempfile.mkdtemp(prefix="review-inbox-chromium-")
        self._log_path = Path(self._profile + ".log")
        cmd = [
            executable,
            *CHROMIUM_FLAGS,
            f"--window-size={self.width},{self.height}",
            f"--user-data-dir={self._profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ]
        with open(self._log_path, "wb") as log:
            self._proc = subprocess.Popen(  # pylint: disable=consider-using-with
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            port = self._devtools_port()
            self._ws = websocket.create_connection(
                self._page_ws_url(port), timeout=self.timeout, suppress_origin=True
            )
            self._send("Page.enable")
            self._send("Runtime.enable")
            self._send(
                "Emulation.setDeviceMetricsOverride",
                {
                    "width": self.width,
                    "height": self.height,
                    "deviceScaleFactor": 1,
                    "mobile": False,
                },
            )
        except BaseException:
            self.close()
            raise

    def _devtools_port(self, timeout=30):
        port_file = Path(self._profile, "DevToolsActivePort")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BrowserError(
                    f"Chromium exited with status {self._proc.returncode}:\n"
                    + self._log_tail()
                )
            try:
                first_line = port_file.read_text().splitlines()[0]
                return int(first_line)
            except (OSError, IndexError, ValueError):
                time.sleep(0.1)
        raise BrowserError(
            f"Chromium wrote no {port_file.name} within {timeout}s:\n"
            + self._log_tail()
        )

    def _page_ws_url(self, port, timeout=10):
        url = f"http://127.0.0.1:{port}/json/list"
        deadline = time.monotonic() + timeout
        while True:
            with urllib.request.urlopen(url, timeout=5) as response:
                targets = json.load(response)
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            if time.monotonic() > deadline:
                raise BrowserError(f"Chromium has no page target: {targets}")
            time.sleep(0.1)

    def _log_tail(self, lines=30):
        try:
            text = self._log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def close(self):
        if self._ws is not None:
            try:
                # Let Chromium shut its child processes down itself.
                self._ws.send(
                    json.dumps({"id": next(self._ids), "method": "Browser.close"})
                )
                self._proc.wait(5)
            except Exception:
                pass
            try:
                self._ws.close()
            except Exception:
                pass
            self._ws = None
        if self._proc is not None:
            if self._proc.poll() is None:
                try:
                    os.killpg(self._proc.pid, signal.SIGTERM)
                    self._proc.wait(10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(self._proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    self._proc.wait(10)
            self._proc = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            try:
                self._log_path.unlink()
            except OSError:
                pass
            self._profile = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- DevTools protocol -------------------------------------------------

    def _recv(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no answer from Chromium in time")
        self._ws.settimeout(remaining)
        try:
            message = json.loads(self._ws.recv())
        except websocket.WebSocketTimeoutException as exc:
            raise TimeoutError("no answer from Chromium in time") from exc
        if "method" in message:
            self._on_event(message)
        return message

    def _on_event(self, message):
        self._event_seq += 1
        self._events.append((self._event_seq, message))
        method = message["method"]
        params = message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            exception = details.get("exception", {})
            self.console_errors.append(
                exception.get("description") or details.get("text", "exception")
            )
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.console_errors.append(
                " ".join(
                    str(arg.get("value", arg.get("description", "")))
                    for arg in params.get("args", [])
                )
            )
        elif method == "Page.javascriptDialogOpening":
            # alert/confirm/beforeunload would block the page: accept them.
            self._ws.send(
                json.dumps(
                    {
                        "id": next(self._ids),
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True},
                    }
                )
            )

    def _send(self, method, params=None, timeout=None):
        """Run one DevTools command and return its result."""
        if self._ws is None:
            raise BrowserError("the browser is closed")
        msg_id = next(self._ids)
        self._ws.send(
            json.dumps({"id": msg_id, "method": method, "params": params or {}})
        )
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._recv(deadline)
            if message.get("id") == msg_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})

    def _wait_event(self, method, after_seq, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for seq, message in self._events:
                if seq > after_seq and message["method"] == method:
                    return message.get("params", {})
            self._recv(deadline)

    # -- page API ----------------------------------------------------------

    def goto(self, url, timeout=None):
        """Navigate to ``url`` and wait for its load event."""
        timeout = timeout or self.timeout
        marker = self._event_seq
        result = self._send("Page.navigate", {"url": url}, timeout)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        if result.get("loaderId"):  # not a same-document navigation
            try:
                self._wait_event("Page.loadEventFired", marker, timeout)
            except TimeoutError as exc:
                raise TimeoutError(
                    self._failure(f"{url} did not finish loading in {timeout}s")
                ) from exc

    @property
    def url(self):
        return self.eval("location.href")

    def eval(self, js, timeout=None):
        """Evaluate a JavaScript expression in the page and return its value
        (JSON-serialisable values only; promises are awaited)."""
        result = self._send(
            "Runtime.evaluate",
            {
                "expression": js,
                "returnByValue": True,
                "awaitPromise": True,
                "userGesture": True,
            },
            timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get(
                "text"
            )
            raise BrowserError(f"JavaScript error in {js!r}: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, js_condition, timeout=None):
        """Poll until the JavaScript expression is truthy.

        Errors while the page navigates are retried; on timeout a screenshot
        is saved (when ``artifacts_dir`` is set) and TimeoutError is raised.
        """
        timeout = timeout or self.timeout
        deadline = time.monotonic() + timeout
        last_error = None
        while True:
            try:
                remaining = max(1.0, min(10.0, deadline - time.monotonic()))
                if self.eval(f"!!({js_condition})", timeout=remaining):
                    return True
                last_error = None
            except (BrowserError, TimeoutError) as exc:
                last_error = exc
            if time.monotonic() > deadline:
                detail = f" (last error: {last_error})" if last_error else ""
                raise TimeoutError(
                    self._failure(
                        f"still false after {timeout}s: {js_condition}{detail}"
                    )
                )
            time.sleep(0.1)

    def wait_for_selector(self, selector, timeout=None, visible=True):
        """Wait until an element matches ``selector`` (and is visible)."""
        check = (
            f"(el => el && el.getClientRects().length > 0)"
            f"(document.querySelector({_js(selector)}))"
            if visible
            else f"document.querySelector({_js(selector)})"
        )
        return self.wait_for(check, timeout)

    def fill(self, selector, text, timeout=None):
        """Type ``text`` into a field, replacing its content, as a user would."""
        self.wait_for_selector(selector, timeout)
        self.eval(
            f"""(() => {{
                const el = document.querySelector({_js(selector)});
                el.scrollIntoView({{block: "center"}});
                el.focus();
                if (typeof el.select === "function") {{
                    el.select();
                }} else {{
                    document.execCommand("selectAll");
                }}
            }})()"""
        )
        if text:
            self._send("Input.insertText", {"text": text})
        else:
            self.eval('document.execCommand("delete")')
        self.eval(
            f"""(() => {{
                const el = document.querySelector({_js(selector)});
                if (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) {{
                    el.dispatchEvent(new Event("change", {{bubbles: true}}));
                }}
            }})()"""
        )

    def click(self, selector, timeout=None):
        """Click the centre of the first visible element matching ``selector``
        with real mouse events."""
        self.wait_for_selector(selector, timeout)
        x, y = self.eval(
            f"""(() => {{
                const el = document.querySelector({_js(selector)});
                el.scrollIntoView({{block: "center", inline: "center"}});
                const r = el.getBoundingClientRect();
                return [r.left + r.width / 2, r.top + r.height / 2];
            }})()"""
        )
        base = {"x": x, "y": y, "button": "left", "clickCount": 1}
        self._send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        self._send("Input.dispatchMouseEvent", {"type": "mousePressed", **base})
        self._send("Input.dispatchMouseEvent", {"type": "mouseReleased", **base})

    def text(self, selector):
        """innerText of the first element matching ``selector`` (or None)."""
        return self.eval(
            f"(el => el && el.innerText)(document.querySelector({_js(selector)}))"
        )

    def count(self, selector):
        return self.eval(f"document.querySelectorAll({_js(selector)}).length")

    def screenshot(self, path, full_page=False):
        """Save a PNG of the viewport (or of the whole page) to ``path``."""
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self._send("Page.captureScreenshot", params, timeout=60)["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def _failure(self, message):
        """``message``, with the current URL and a screenshot if possible."""
        parts = [message]
        try:
            parts.append(f"page: {self.eval('location.href', timeout=5)}")
        except (BrowserError, TimeoutError, OSError):
            pass
        if self.artifacts_dir:
            try:
                shot = self.screenshot(
                    self.artifacts_dir / f"failure-{int(time.time() * 1000)}.png"
                )
                parts.append(f"screenshot: {shot}")
            except (BrowserError, TimeoutError, OSError):
                pass
        if self.console_errors:
            parts.append("console errors:\n  " + "\n  ".join(self.console_errors[-10:]))
        return "\n".join(parts)


def odoo_login(browser, base_url, login, password, redirect=None, timeout=60):
    """Log in through Odoo's login form and wait for the web client (or, with
    ``redirect``, for the page at that path to load)."""
    url = f"{base_url}/web/login"
    if redirect:
        url += "?" + urllib.parse.urlencode({"redirect": redirect})
    browser.goto(url, timeout=timeout)
    browser.fill("input[name=login]", login)
    browser.fill("input[name=password]", password)
    browser.click("form button[type=submit]")
    if redirect:
        # The web client may rewrite the URL it lands on: wait to have left
        # the login page only; the caller waits for what it wants to see.
        browser.wait_for(
            "!location.pathname.startsWith('/web/login')"
            " && document.readyState === 'complete'",
            timeout=timeout,
        )
    else:
        browser.wait_for(
            "location.pathname.startsWith('/odoo')"
            " && document.querySelector('.o_main_navbar')",
            timeout=timeout,
        )
