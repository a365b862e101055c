"""Smoke test of the whole stack: server, demo data, JSON-RPC, browser login."""

import pytest

from .harness import ADMIN_LOGIN, ADMIN_PASSWORD, RpcError

MODEL = "review.message"


def test_server_answers(odoo_server):
    assert odoo_server.process.poll() is None
    assert odoo_server.url.startswith("http://127.0.0.1:")


def test_admin_rpc_sees_demo_data(odoo_server):
    client = odoo_server.rpc(ADMIN_LOGIN, ADMIN_PASSWORD)
    assert client.uid
    assert client.execute_kw(MODEL, "search_count", [[]]) > 0


def test_wrong_password_is_refused(odoo_server):
    with pytest.raises(RpcError):
        odoo_server.rpc(ADMIN_LOGIN, "not-the-password")


def test_browser_login(odoo_server, browser):
    offset = odoo_server.log_offset()
    browser.goto(f"{odoo_server.url}/web/login")
    browser.fill("input[name=login]", ADMIN_LOGIN)
    browser.fill("input[name=password]", ADMIN_PASSWORD)
    browser.click("form button[type=submit]")
    browser.wait_for(
        "location.pathname.startsWith('/odoo')"
        " && document.querySelector('.o_main_navbar')",
        timeout=60,
    )
    assert browser.url.startswith(f"{odoo_server.url}/odoo")
    assert not browser.console_errors, browser.console_errors
    assert not odoo_server.log_problems(offset), odoo_server.log_problems(offset)
