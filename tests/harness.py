"""Drive a real Odoo 18.0 server from outside: database, process, JSON-RPC, SMTP.

The one home of the server wrapper and the JSON-RPC client, shared by the
end-to-end fixtures (tests/conftest.py), scripts/screenshots.py and the
benchmark (scripts/bench/). It never imports Odoo: the end-to-end tests run
with ``-p no:odoo``. A script outside ``tests/`` puts the repository root on
``sys.path`` and imports ``tests.harness``. Needs ODOO_SRC (the Odoo source
tree), which ``eval "$(scripts/setup.sh)"`` exports. PostgreSQL is reached
through libpq's defaults and PGHOST/PGPORT/PGUSER/PGPASSWORD.
"""

import asyncio
import copy
import email
import email.policy
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent

# The core addon; the bridges are the repository's other addons.
ADDON = "review_inbox"
# Odoo modules a bridge is tested and demonstrated with, beyond its own
# dependencies: both triggers of the sale bridge (delivery and confirmation),
# the records whose ratings the rating bridge brings in, the tickets' ratings.
TESTED_WITH = {
    "review_inbox_sale": ["sale_stock"],
    "review_inbox_rating": ["project", "im_livechat"],
    "review_inbox_helpdesk": ["helpdesk_mgmt_rating"],
    "review_inbox_loyalty": ["sale_loyalty", "pos_loyalty"],
}
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin"

INSTALL_TIMEOUT = int(os.environ.get("E2E_INSTALL_TIMEOUT", "1500"))
START_TIMEOUT = int(os.environ.get("E2E_START_TIMEOUT", "180"))


class HarnessError(RuntimeError):
    """The Odoo server or its database could not be prepared."""


# -- processes and files -------------------------------------------------------


def free_port():
    """A TCP port of 127.0.0.1 free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def python():
    """The project's interpreter (the one with Odoo's requirements)."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


def odoo_src():
    src = os.environ.get("ODOO_SRC")
    if not src or not Path(src, "odoo-bin").is_file():
        raise HarnessError(
            "ODOO_SRC must point to an Odoo 18.0 source tree: run through "
            '`make`, or `eval "$(scripts/setup.sh)"` first.'
        )
    return Path(src)


def odoo_bin():
    return str(odoo_src() / "odoo-bin")


def repo_addons():
    """The repository's addons (folders at the root with a manifest), the
    core first. ``REVIEW_INBOX_ADDONS`` (space- or comma-separated) narrows
    them for a local run, e.g. ``review_inbox review_inbox_sale``."""
    names = sorted(p.name for p in ROOT.iterdir() if (p / "__manifest__.py").is_file())
    only = os.environ.get("REVIEW_INBOX_ADDONS", "").replace(",", " ").split()
    if only:
        names = [name for name in names if name in only or name == ADDON]
    return sorted(names, key=lambda name: name != ADDON)


def install_modules():
    """What ``make test``, ``make demo`` and the end-to-end tests install:
    every addon of the repository and the modules they are tested with."""
    modules = repo_addons()
    for addon in list(modules):
        modules += [m for m in TESTED_WITH.get(addon, ()) if m not in modules]
    return modules


def addons_path():
    """Odoo's addons, the OCA addons installed as wheels into the virtualenv
    (``site-packages/odoo/addons``), the repository."""
    paths = [odoo_src() / "odoo" / "addons"]
    site = Path(python()).parent.parent / "lib"
    paths += sorted(site.glob("python3*/site-packages/odoo/addons"))
    return ",".join(str(p) for p in paths + [ROOT])


def tail(path, lines=80):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def log_problems(text):
    """Lines of level ERROR or CRITICAL, and tracebacks, in an Odoo log."""
    return [
        line
        for line in text.splitlines()
        if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
    ]


def write_config(path, *, db, port, data_dir, smtp_port=None, log_level="info"):
    """Write the Odoo configuration of a server pinned to ``db``."""
    lines = [
        "[options]",
        f"addons_path = {addons_path()}",
        f"data_dir = {data_dir}",
        f"db_name = {db}",
        f"dbfilter = ^{db}$",
        "http_interface = 127.0.0.1",
        f"http_port = {port}",
        "workers = 0",
        "max_cron_threads = 1",
        "without_demo = False",
        f"log_level = {log_level}",
    ]
    if smtp_port:
        lines += [
            "smtp_server = 127.0.0.1",
            f"smtp_port = {smtp_port}",
            "smtp_ssl = False",
            "email_from = odoo@example.com",
        ]
    Path(path).write_text("\n".join(lines) + "\n")


def config_value(conf, key):
    """The value of ``key`` in the Odoo configuration file ``conf``, or None."""
    for line in Path(conf).read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            return value.strip()
    return None


# -- databases -----------------------------------------------------------------


def pg_connect(dbname):
    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    return conn


def database_exists(db):
    conn = pg_connect("postgres")
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            return cr.fetchone() is not None
    finally:
        conn.close()


def addon_state(db, addon=ADDON):
    """(state, demo) of ``addon`` in ``db``, or None."""
    conn = pg_connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT state, demo FROM ir_module_module WHERE name = %s", [addon]
            )
            return cr.fetchone()
    finally:
        conn.close()


def install(conf, db, log_path, modules=None, update=False, demo=True):
    """``odoo-bin -i`` (or ``-u``) ``modules`` into ``db`` (created if need be)
    and check the first of them ends up installed, with its demo data unless
    ``demo`` is false (then installed without any). ``modules``: a
    comma-separated list, by default :func:`install_modules`."""
    modules = modules or ",".join(install_modules())
    cmd = [python(), odoo_bin(), "-c", str(conf), "-d", db]
    cmd += ["-u" if update else "-i", modules, "--stop-after-init"]
    if not demo:
        cmd += ["--without-demo", "all"]
    with open(log_path, "wb") as log:
        result = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    problems = log_problems(Path(log_path).read_text(errors="replace"))
    if result.returncode != 0 or problems:
        raise HarnessError(
            f"installing {modules} into {db} failed (exit status "
            f"{result.returncode}); log {log_path}:\n"
            + "\n".join(problems[:20])
            + "\n[...]\n"
            + tail(log_path, 60)
        )
    state = addon_state(db, modules.split(",")[0])
    if state != ("installed", bool(demo)):
        raise HarnessError(f"{modules} in {db}: (state, demo) = {state}")


def clone_database(template, db, template_filestore, data_dir):
    """``db`` as a copy of ``template`` (PostgreSQL's template copy, seconds
    where an install takes minutes) with a copy of its filestore."""
    conn = pg_connect("postgres")
    try:
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
    finally:
        conn.close()
    source = Path(template_filestore)
    if source.is_dir():
        shutil.copytree(source, Path(data_dir) / "filestore" / db)


def drop_database(db, conf):
    """Drop ``db`` and its filestore (Odoo's ``db drop``, else plain SQL)."""
    subprocess.run(
        [python(), odoo_bin(), "db", "-c", str(conf), "drop", db],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if database_exists(db):
        conn = pg_connect("postgres")
        try:
            with conn.cursor() as cr:
                cr.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        finally:
            conn.close()
        data_dir = config_value(conf, "data_dir")
        if data_dir:
            shutil.rmtree(Path(data_dir) / "filestore" / db, ignore_errors=True)


# -- JSON-RPC ----------------------------------------------------------------


class RpcError(Exception):
    """An error answered by Odoo's JSON-RPC endpoint.

    ``name`` is the exception's class (e.g. ``odoo.exceptions.AccessError``),
    ``message`` its text.
    """

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {self.message}")


class JsonRpcClient:
    """A user's JSON-RPC connection, by either of Odoo's two ways in.

    * The external API (the default): ``/jsonrpc``, logged in by the service
      ``common``, each ``execute_kw`` sent with the password.
    * The web client's session (``web=True``): ``/web/session/authenticate``,
      then ``call_kw`` on ``/web/dataset/call_kw`` with the session's cookie
      and the user's context, as a browser sends them.

    ``session``: the ``requests.Session`` to send through (a new one by
    default). A refused login raises RpcError.
    """

    _ids = itertools.count(1)

    def __init__(self, url, db, login, password, *, web=False, session=None):
        self.url = url
        self.db = db
        self.login = login
        self.password = password
        self.http = session or requests.Session()
        self.context = {}
        if web:
            info = self.post(
                "/web/session/authenticate",
                {"db": db, "login": login, "password": password},
            )
            self.uid = info["uid"]
            self.session_info = info
            self.context = dict(info["user_context"])
        else:
            self.uid = self.call("common", "login", db, login, password)
        if not self.uid:
            raise RpcError(
                {"data": {"name": "login", "message": f"{login!r} cannot log in"}}
            )

    def post(self, path, params, timeout=120):
        """The ``result`` of one JSON-RPC request to ``path``."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(self._ids),
        }
        response = self.http.post(f"{self.url}{path}", json=payload, timeout=timeout)
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RpcError(body["error"])
        return body.get("result")

    def connection(self, session):
        """This client on another connection: ``session`` gets the cookies of
        this one (the same web session), e.g. for requests sent at once."""
        other = copy.copy(self)
        session.cookies.update(self.http.cookies)
        other.http = session
        return other

    # -- the external API ----------------------------------------------------

    def call(self, service, method, *args):
        return self.post(
            "/jsonrpc", {"service": service, "method": method, "args": list(args)}
        )

    def execute_kw(self, model, method, args=(), kwargs=None):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs or {},
        )

    def execute(self, model, method, *args, **kwargs):
        """``execute_kw`` with Python-style arguments."""
        return self.execute_kw(model, method, args, kwargs)

    # -- the web client's session -------------------------------------------

    def call_kw(self, model, method, args=(), **kwargs):
        """``model.method(*args, **kwargs)`` as the web client calls it, in
        the session's context unless ``context`` is given."""
        kwargs.setdefault("context", self.context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


# -- the server ----------------------------------------------------------------


class OdooServer:
    """An ``odoo-bin`` process serving one database on 127.0.0.1.

    ``conf``: its configuration file (``write_config``, or
    ``scripts/odoo_conf.sh``), which has ``port`` as its http_port unless
    ``args`` (more command-line options) say otherwise; ``env``: more
    environment variables. Its standard output
    and error are appended to ``log_path`` (O_APPEND: the workers of a
    multi-process server each write whole lines). Also a context manager:
    ``with OdooServer(...) as server:`` starts it and stops it.
    """

    def __init__(self, conf, db, port, log_path, args=(), env=None):
        self.conf = Path(conf)
        self.db = db
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = Path(log_path)
        self.args = [str(arg) for arg in args]
        self.env = dict(env or {})
        self.process = None

    def command(self):
        return [python(), odoo_bin(), "-c", str(self.conf), "-d", self.db, *self.args]

    def start(self, timeout=START_TIMEOUT):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env} if self.env else None,
                start_new_session=True,
            )
        try:
            self._wait_until_up(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_until_up(self, timeout):
        deadline = time.monotonic() + timeout
        payload = {"jsonrpc": "2.0", "method": "call", "params": {}}
        while True:
            if self.process.poll() is not None:
                raise HarnessError(
                    f"odoo-bin exited with status {self.process.returncode}:\n"
                    + self.log_tail()
                )
            try:
                response = requests.post(
                    f"{self.url}/web/webclient/version_info", json=payload, timeout=5
                )
                if response.ok and "result" in response.json():
                    return
            except (requests.RequestException, ValueError):
                pass
            if time.monotonic() > deadline:
                raise HarnessError(
                    f"Odoo did not answer on {self.url} within {timeout}s:\n"
                    + self.log_tail()
                )
            time.sleep(0.5)

    def stop(self, timeout=30):
        """Stop gracefully (SIGTERM; a multi-process server stops its
        workers), then kill whatever of its process group is left."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(30)

    def set_base_url(self, login=ADMIN_LOGIN, password=ADMIN_PASSWORD):
        """Make ``web.base.url`` (the origin of the links in emails) this
        server's URL, and freeze it: Odoo would otherwise keep whatever an
        administrator's last web login used."""
        client = self.rpc(login, password)
        params = "ir.config_parameter"
        client.execute(params, "set_param", "web.base.url", self.url)
        client.execute(params, "set_param", "web.base.url.freeze", "True")
        return self.url

    def rpc(self, login, password, **options):
        """A JSON-RPC client logged in as ``login`` (RpcError if refused);
        ``options``: those of JsonRpcClient (``web=True``, ``session``)."""
        return JsonRpcClient(self.url, self.db, login, password, **options)

    def log_offset(self):
        """Current size of the server log (for ``log_problems(since=...)``)."""
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_text(self, since=0):
        with open(self.log_path, "rb") as log:
            log.seek(since)
            return log.read().decode(errors="replace")

    def log_problems(self, since=0):
        """ERROR/CRITICAL lines and tracebacks logged since offset ``since``."""
        return log_problems(self.log_text(since))

    def log_tail(self, lines=80):
        return tail(self.log_path, lines)


# -- SMTP ----------------------------------------------------------------------


class ReceivedMail:
    """One message received by the SMTP sink."""

    def __init__(self, mail_from, rcpt_tos, data):
        self.mail_from = mail_from
        self.rcpt_tos = list(rcpt_tos)
        self.data = data
        self.message = email.message_from_bytes(data, policy=email.policy.default)

    @property
    def subject(self):
        return str(self.message.get("Subject", ""))

    @property
    def to(self):
        return str(self.message.get("To", ""))

    def body(self, preference=("plain", "html")):
        part = self.message.get_body(preferencelist=preference)
        return part.get_content() if part is not None else ""

    def __repr__(self):
        return f"<ReceivedMail {self.subject!r} to {self.rcpt_tos}>"


class SmtpSink:
    """An SMTP server on 127.0.0.1 keeping every message in ``messages``."""

    def __init__(self, port):
        from aiosmtpd.controller import Controller

        self.port = port
        self.messages = []
        self._cond = threading.Condition()
        self._controller = Controller(
            self, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True
        )

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        mail = ReceivedMail(envelope.mail_from, envelope.rcpt_tos, data)
        with self._cond:
            self.messages.append(mail)
            self._cond.notify_all()
        await asyncio.sleep(0)
        return "250 Message accepted for delivery"

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def clear(self):
        with self._cond:
            self.messages.clear()

    def wait_for(self, predicate=None, count=1, timeout=30):
        """Wait until ``count`` received messages satisfy ``predicate`` and
        return them; TimeoutError after ``timeout`` seconds."""
        predicate = predicate or (lambda mail: True)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [mail for mail in self.messages if predicate(mail)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{len(found)} of {count} expected message(s) after "
                        f"{timeout}s; received: {self.messages}"
                    )
                self._cond.wait(remaining)


if __name__ == "__main__":
    # For the shell scripts: `python tests/harness.py modules|addons|addons-path`.
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "modules":
        print(",".join(install_modules()))
    elif what == "addons":
        print(" ".join(repo_addons()))
    elif what == "addons-path":
        print(addons_path())
    else:
        sys.exit("usage: harness.py modules|addons|addons-path")
