"""The demo's mail, end to end: what ``make demo`` sets up really delivers.

As scripts/demo.sh does, the demo's SMTP sink (scripts/demo_smtp_sink.py) is
started on a port of its own choosing and the database's outgoing mail server
is pointed at it (scripts/demo_mail_server.py), on the session's running
server. A place user's reply then reaches the sink, not the SMTP server of the
server's configuration; the sink saves it as a .eml file and prints its reply
link, which opens the customer's reply page. The outgoing mail server is
removed afterwards: the other tests' mail goes where it went.
"""

import email
import email.policy
import os
import queue
import re
import signal
import subprocess
import threading
import time

import pytest
import requests

from . import harness

SINK = harness.ROOT / "scripts" / "demo_smtp_sink.py"
MAIL_SERVER = harness.ROOT / "scripts" / "demo_mail_server.py"
PLACE_USER = ("place_lyon", "place_lyon")
REPLY = "Thank you for your review: we will be glad to see you again in Lyon."
PRINTED_RE = re.compile(r"^Mail to (?P<to>\S+): open (?P<link>\S+)$")


class SinkProcess:
    """The demo's SMTP sink as scripts/demo.sh runs it, its printed lines
    read as they come."""

    def __init__(self, folder, *extra):
        folder.mkdir(parents=True, exist_ok=True)
        self.port_file = folder / "sink.port"
        self.lines = queue.Queue()
        self.seen = []  # the lines wait_line went through
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [
                harness.python(),
                str(SINK),
                "--dir",
                str(folder / "mail"),
                "--port-file",
                str(self.port_file),
                *extra,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 20
        while not self.port_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise harness.HarnessError(f"the sink did not start: {self.output()}")
            time.sleep(0.1)
        self.port = int(self.port_file.read_text())

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_line(self, predicate, timeout=60):
        """The first line not yet read that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no such line; printed: {self.seen}") from None
            self.seen.append(line)
            if predicate(line):
                return line

    def output(self):
        lines = []
        while not self.lines.empty():
            lines.append(self.lines.get())
        return "\n".join(lines)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(15)


@pytest.fixture
def demo_mail(odoo_server, admin, tmp_path):
    """The demo's sink, with the database's mail pointed at it; undone after."""
    sink = SinkProcess(tmp_path)
    try:
        subprocess.run(
            [
                harness.python(),
                str(MAIL_SERVER),
                "-c",
                str(odoo_server.conf),
                "-d",
                odoo_server.db,
                "--smtp-port",
                str(sink.port),
                "--base-url",
                odoo_server.url,  # as it was (set_base_url)
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        yield sink
    finally:
        servers = admin.execute(
            "ir.mail_server", "search", [("smtp_port", "=", sink.port)]
        )
        if servers:
            admin.execute("ir.mail_server", "unlink", servers)
        sink.stop()


def test_demo_reply_lands_in_the_sink_and_its_link_opens(
    odoo_server, admin, mailbox, demo_mail, tmp_path
):
    offset = odoo_server.log_offset()
    [server] = admin.execute(
        "ir.mail_server",
        "search_read",
        [("smtp_port", "=", demo_mail.port)],
        fields=["smtp_host", "smtp_encryption", "sequence"],
    )
    assert (server["smtp_host"], server["smtp_encryption"]) == ("127.0.0.1", "none")
    staff = odoo_server.rpc(*PLACE_USER)
    [review] = staff.execute(
        "review.message",
        "search_read",
        [
            ("place_id.code", "=like", "LYO%"),
            ("partner_id.email", "!=", False),
            ("conversation_state", "=", "none"),
            ("state", "=", "inbox"),
        ],
        fields=["partner_email", "place_id"],
        order="id desc",
        limit=1,
    )
    customer_email = review["partner_email"]

    staff.execute_kw("review.message", "send_reply", [[review["id"]], REPLY])

    # The sink prints the reply's link as the mail queue sends it.
    to_customer = f"Mail to {customer_email}:"
    # (the demo's rating requests may reach the same customer first)
    line = demo_mail.wait_line(
        lambda text: text.startswith(to_customer) and "/review/reply/" in text
    )
    printed = PRINTED_RE.match(line)
    assert printed, line
    link = printed["link"]
    assert link.startswith(f"{odoo_server.url}/review/reply/"), link
    saved_line = demo_mail.wait_line(lambda text: "saved as" in text, timeout=5)
    saved = saved_line.split("saved as ", 1)[1]
    # ... and keeps the email, whole.
    assert os.path.dirname(saved) == str(tmp_path / "mail")
    with open(saved, "rb") as eml:
        message = email.message_from_binary_file(eml, policy=email.policy.default)
    assert customer_email in str(message["To"])
    assert str(message["Subject"]) == f"{review['place_id'][1]} replied to your review"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert link in html
    assert REPLY.split(":")[0] in html

    # The printed link opens the customer's reply page (and does not use it up).
    for _attempt in range(2):
        page = requests.get(link, timeout=30)
        assert page.status_code == 200
        assert "o_review_reply_form" in page.text
        assert REPLY.split(":")[0] in page.text

    # It went to the demo's mailbox, not to the configured SMTP server.
    assert not [m for m in mailbox.messages if customer_email in m.rcpt_tos]
    assert not odoo_server.log_problems(offset), odoo_server.log_problems(offset)


def test_demo_sink_stops_with_the_demo(tmp_path):
    """Stopped by the demo (SIGTERM), or killed with it without a word (the
    demo's shell got SIGKILL: the sink stops once its parent is gone), the
    sink leaves nothing behind."""
    sink = SinkProcess(tmp_path / "stopped")
    assert sink.process.poll() is None
    assert sink.stop() == 0
    assert not sink.port_file.exists()

    parent = subprocess.Popen(["sleep", "60"])  # pylint: disable=consider-using-with
    sink = SinkProcess(tmp_path / "orphan", "--parent-pid", str(parent.pid))
    try:
        assert sink.process.poll() is None
        parent.kill()
        parent.wait(5)
        assert sink.process.wait(10) == 0
        assert not sink.port_file.exists()
    finally:
        parent.kill()
        sink.stop()
