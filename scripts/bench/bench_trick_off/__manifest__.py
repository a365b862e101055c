{
    "name": "Review Inbox benchmark: one trick off",
    "summary": "make bench TRICK_OFF=...: Odoo's default behaviour in place of a trick",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "review_inbox",
    "license": "LGPL-3",
    "depends": ["base"],
    # a server-wide module (odoo-bin --load), never installed in a database
    "installable": False,
    "post_load": "post_load",
}
