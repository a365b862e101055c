"""Repository-wide pytest policy, for both test runs of ``make test``.

* The addon's own tests (``review_inbox/tests``, run through pytest-odoo).
* The end-to-end tests (``tests/``, run without the odoo plugin).

A skipped test is a test that did not run: a browser test skipped because no
Chromium was found proves nothing. So any skip turns a green session red (exit
status 1) and is listed at the end. Set ``REVIEW_INBOX_ALLOW_SKIPS=1`` to
allow skips for a local run.

This file must stay importable without Odoo and must not import the addon:
pytest-odoo imports the addon's tests as ``odoo.addons.review_inbox.tests.*``
itself, and this conftest (at the root, outside any addon) is loaded as a
plain ``conftest`` module in both runs.
"""

import logging
import os

import pytest

ALLOW_SKIPS_ENV = "REVIEW_INBOX_ALLOW_SKIPS"


class _TestFrameworkImportFilter(logging.Filter):
    """pytest-odoo imports ``odoo.tests`` before it turns Odoo's test mode on
    (it only does so around test modules), which Odoo reports with an ERROR
    and a stack ("Importing test framework, avoid importing from business
    modules..."). Expected under pytest-odoo: drop that one record."""

    def filter(self, record):
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_TestFrameworkImportFilter())


def _allow_skips():
    return os.environ.get(ALLOW_SKIPS_ENV, "").lower() in ("1", "true", "yes")


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


class SkipGuard:
    """Collects skipped tests and fails the session when there are any."""

    def __init__(self):
        self.skips = []

    def _record(self, report):
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skips.append(report)

    def pytest_runtest_logreport(self, report):
        self._record(report)

    def pytest_collectreport(self, report):
        self._record(report)

    def pytest_sessionfinish(self, session, exitstatus):
        if self.skips and not _allow_skips() and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not self.skips:
            return
        if _allow_skips():
            terminalreporter.write_sep(
                "=", f"{len(self.skips)} skipped, allowed by {ALLOW_SKIPS_ENV}"
            )
            return
        terminalreporter.write_sep(
            "=", f"{len(self.skips)} skipped test(s) count as failures", red=True
        )
        for report in self.skips:
            terminalreporter.write_line(
                f"SKIPPED {report.nodeid}: {_skip_reason(report)}"
            )
        terminalreporter.write_line(
            f"Every test must run (set {ALLOW_SKIPS_ENV}=1 to allow skips locally)."
        )


def pytest_configure(config):
    config.pluginmanager.register(SkipGuard(), "review_inbox_skip_guard")
