"""What the addon's batch jobs share, the bridges' included."""

import threading

from odoo import modules


def commit_batch(env):
    """Keep what a batch job did, as Odoo's own jobs do (mail queue); never
    in tests, whose transaction is rolled back (Odoo's runner sets
    ``current_test``, pytest-odoo only the thread's ``testing``)."""
    testing = modules.module.current_test or getattr(
        threading.current_thread(), "testing", False
    )
    if not testing:
        env.cr.commit()  # pylint: disable=invalid-commit
