# End-to-end tests: they start their own Odoo server (see conftest.py).
