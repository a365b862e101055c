{
    "name": "Review Inbox - Loyalty",
    "summary": "Win an unhappy customer back: a coupon or a gift card offered "
    "from the review, its code in the reply",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox", "loyalty"],
    "data": [
        "security/ir.model.access.csv",
        "wizard/review_gesture_wizard_views.xml",
        "views/review_gesture_templates.xml",
        "views/review_message_views.xml",
        "views/review_inbox_settings_views.xml",
    ],
    "demo": [
        "demo/review_inbox_loyalty_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "review_inbox_loyalty/static/src/**/*",
        ],
        "web.assets_tests": [
            "review_inbox_loyalty/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
