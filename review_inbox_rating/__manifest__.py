{
    "name": "Review Inbox - Odoo ratings",
    "summary": "Every rating Odoo collects (tasks, live chat, tickets...) in the "
    "review inbox",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox", "rating"],
    "data": [
        "security/ir.model.access.csv",
        "security/review_inbox_rating_rules.xml",
        "data/ir_cron_data.xml",
        "wizard/review_rating_import_wizard_views.xml",
        "views/review_rating_route_views.xml",
        "views/rating_rating_views.xml",
        "views/review_message_views.xml",
        "views/review_inbox_settings_views.xml",
        "views/review_inbox_rating_menus.xml",
    ],
    "demo": [
        "demo/review_inbox_rating_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
