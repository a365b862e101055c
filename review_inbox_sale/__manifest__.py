{
    "name": "Review Inbox - Sales",
    "summary": "Ask every customer of a confirmed sale order for a rating, tied "
    "to the order in the review; refund the order from the review",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox", "sale", "account"],
    "data": [
        "views/crm_team_views.xml",
        "views/review_place_views.xml",
        "views/review_message_views.xml",
        "views/review_inbox_settings_views.xml",
    ],
    "demo": [
        "demo/review_inbox_sale_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "review_inbox_sale/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
