from . import controllers
from . import models
from . import report
from . import wizard


def uninstall_hook(env):
    """What the reviews analysis keeps in the database besides Odoo's
    tables: its triggers, functions and tables."""
    env["review.report"]._report_drop()
