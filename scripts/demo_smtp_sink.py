"""The demo's mailbox: a local SMTP server that keeps every email it receives.

``make demo`` starts it and points the demo database's outgoing mail server at
it (scripts/demo_mail_server.py), so that the demo really sends its emails and
nothing leaves the machine. Each email is saved as a ``.eml`` file, and a line
is printed for it, with the one-time reply links it holds, so that whoever
tries the demo can open them and play the customer:

    Mail to lucas@example.com: open http://localhost:8069/review/reply/...

    scripts/demo_smtp_sink.py --dir DIR --port-file FILE [--port N]
                              [--parent-pid PID]

It listens on 127.0.0.1, on a free port unless ``--port`` says which, and
writes that port into FILE once it accepts connections. It stops on SIGTERM,
on SIGINT unless started with it ignored (a shell's background job: the
demo's Ctrl-C is for the demo to handle), and by itself once the process
``--parent-pid`` is gone (the demo was killed without a chance to stop it).
"""

import argparse
import asyncio
import email
import email.policy
import os
import re
import signal
import sys
from datetime import datetime
from pathlib import Path

from aiosmtpd.smtp import SMTP

HOST = "127.0.0.1"
# A reply link of review_inbox's emails (its token: 43 URL-safe characters).
REPLY_LINK_RE = re.compile(r"""https?://[^\s"'<>]+/review/reply/[A-Za-z0-9_-]{43}""")


def reply_links(message):
    """The reply links of ``message`` (an email.message.EmailMessage), in
    the order they come, each once: from its HTML part, else its text."""
    part = message.get_body(preferencelist=("html", "plain"))
    text = part.get_content() if part is not None else ""
    return list(dict.fromkeys(REPLY_LINK_RE.findall(text)))


class Mailbox:
    """aiosmtpd handler: every message into a file of ``folder``, and a line
    on the standard output."""

    def __init__(self, folder, out=sys.stdout):
        self.folder = Path(folder)
        self.out = out
        self.count = 0

    def _path(self, now):
        while True:
            self.count += 1
            path = self.folder / f"{now:%Y%m%d-%H%M%S}-{self.count:04d}.eml"
            if not path.exists():  # earlier runs' files are kept
                return path

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        path = self._path(datetime.now())
        path.write_bytes(data)
        try:
            message = email.message_from_bytes(data, policy=email.policy.default)
            links = reply_links(message)
            subject = str(message.get("Subject", ""))
        except Exception as exc:  # a malformed email is kept, not lost
            links, subject = [], f"(unreadable: {exc})"
        to = ", ".join(envelope.rcpt_tos)
        if links:
            lines = [f"Mail to {to}: open {link}" for link in links]
        else:
            lines = [f"Mail to {to}: {subject}"]
        lines.append(f"    saved as {path}")
        print("\n".join(lines), file=self.out, flush=True)
        return "250 Message accepted for delivery"


def _parent_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def serve(folder, port_file, port=0, parent_pid=None):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    mailbox = Mailbox(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(mailbox, hostname=HOST, enable_SMTPUTF8=True), HOST, port
    )
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # As shells start background jobs: SIGINT ignored, Ctrl-C is not ours
        # (scripts/demo.sh stops the sink itself, with SIGTERM).
        if signal.getsignal(signum) != signal.SIG_IGN:
            loop.add_signal_handler(signum, stop.set)
    actual_port = server.sockets[0].getsockname()[1]
    tmp = Path(f"{port_file}.tmp")
    tmp.write_text(f"{actual_port}\n")
    tmp.replace(port_file)  # whole, or not there
    try:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), timeout=1)
            except asyncio.TimeoutError:
                if parent_pid and not _parent_alive(parent_pid):
                    break
    finally:
        server.close()
        await server.wait_closed()
        Path(port_file).unlink(missing_ok=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True, help="where to save the emails")
    parser.add_argument(
        "--port-file", required=True, help="written with the port once listening"
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--parent-pid", type=int, help="stop when it is gone")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.dir, args.port_file, args.port, args.parent_pid))
    except OSError as exc:
        sys.exit(f"demo SMTP sink: {exc}")


if __name__ == "__main__":
    main()
