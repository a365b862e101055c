{
    "name": "Review Inbox - Sales and Loyalty",
    "summary": "Win back the customer of a rated sale order: the gesture names "
    "the order, its use on a later order shows on the review",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox_sale", "review_inbox_loyalty", "sale_loyalty"],
    "demo": [
        "demo/review_inbox_sale_loyalty_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "review_inbox_sale_loyalty/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
}
