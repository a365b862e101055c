"""Fixtures of the end-to-end tests: a real Odoo server, JSON-RPC, SMTP, Chromium.

Run with the odoo pytest plugin disabled (scripts/test.sh does it):

    pytest -p no:odoo tests/

Session fixtures
    odoo_server   a fresh database ``e2e_<random>`` with the addons and their
                  demo data (a copy of ``E2E_TEMPLATE_DB`` and its filestore
                  ``E2E_TEMPLATE_FILESTORE`` when set, as make test does),
                  served by ``odoo-bin`` (threaded, workers=0) on a free
                  port of 127.0.0.1, its ``web.base.url`` set to that
                  address; stopped and dropped at the end.
                  ``odoo_server.url``, ``.db``, ``.rpc(login, password)``
                  (``web=True``: the web client's session),
                  ``.log_problems(since)``: see ``harness.OdooServer``.
    smtp_port     the port of the SMTP server the Odoo server sends mail to.
    smtp_sink     that SMTP server (aiosmtpd); ``.messages``, ``.wait_for()``.
Function fixtures
    mailbox       ``smtp_sink``, emptied before the test.
    admin         a JSON-RPC client logged in as the administrator.
    browser       a headless Chromium (tests/browser.py), closed after the test.

Needs ODOO_SRC (the Odoo 18.0 source tree); ``eval "$(scripts/setup.sh)"``
exports it.
"""

import os
import secrets
import shutil

import pytest

from . import harness
from .browser import Browser, BrowserNotFound


@pytest.fixture(scope="session")
def smtp_port():
    """Port of the SMTP server the Odoo server is configured with."""
    return harness.free_port()


@pytest.fixture(scope="session")
def smtp_sink(smtp_port):
    sink = harness.SmtpSink(smtp_port).start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def mailbox(smtp_sink):
    """The SMTP sink, emptied before the test."""
    smtp_sink.clear()
    return smtp_sink


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory, smtp_port, smtp_sink):
    """A running Odoo server on a fresh database with the addon's demo data."""
    try:
        harness.odoo_src()
    except harness.HarnessError as exc:
        pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)
    workdir = tmp_path_factory.mktemp("odoo")
    db = f"e2e_{secrets.token_hex(4)}"
    conf = workdir / "odoo.conf"
    data_dir = workdir / "data"
    data_dir.mkdir()
    port = harness.free_port()
    harness.write_config(conf, db=db, port=port, data_dir=data_dir, smtp_port=smtp_port)
    server = harness.OdooServer(conf, db, port, workdir / "server.log")
    try:
        template = os.environ.get("E2E_TEMPLATE_DB")
        if template:
            # make test installs once: a copy of its freshly installed database
            harness.clone_database(
                template, db, os.environ.get("E2E_TEMPLATE_FILESTORE", ""), data_dir
            )
        else:
            harness.install(conf, db, workdir / "install.log")
        server.start()
        server.set_base_url()
        yield server
    finally:
        server.stop()
        harness.drop_database(db, conf)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def admin(odoo_server):
    """JSON-RPC client of the administrator."""
    return odoo_server.rpc(harness.ADMIN_LOGIN, harness.ADMIN_PASSWORD)


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium, 1440x900. A wait that times out saves a
    screenshot into the test's tmp_path."""
    try:
        instance = Browser(artifacts_dir=tmp_path)
    except BrowserNotFound as exc:
        # Like any skip, this fails the run (see the root conftest.py).
        pytest.skip(str(exc))
    try:
        yield instance
    finally:
        instance.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Show the end of the server log under a failed test."""
    report = yield
    server = getattr(item, "funcargs", {}).get("odoo_server")
    if report.failed and isinstance(server, harness.OdooServer):
        report.sections.append(("Odoo server log (last lines)", server.log_tail()))
    return report


# These tests drive their own server. Should the odoo pytest plugin be active
# anyway (a run without `-p no:odoo`), its autouse fixtures are neutralised.


@pytest.fixture(scope="session")
def load_registry():
    yield


@pytest.fixture(scope="session")
def load_http():
    yield


@pytest.fixture(scope="module")
def enable_odoo_test_flag():
    yield
