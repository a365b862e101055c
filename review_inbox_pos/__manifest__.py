{
    "name": "Review Inbox - Point of Sale",
    "summary": "A rating request after every paid POS order, by email or receipt",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox", "point_of_sale"],
    "data": [
        "data/ir_cron_data.xml",
        "views/res_config_settings_views.xml",
        "views/review_inbox_settings_views.xml",
        "views/review_message_views.xml",
    ],
    "demo": [
        "demo/review_inbox_pos_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "review_inbox_pos/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "review_inbox_pos/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
}
