{
    "name": "Review Inbox - Dashboard",
    "summary": "The reviews' headline figures and monthly rating trend per group "
    "of places in the Dashboards app",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "assets": {
        "web.assets_tests": [
            "review_inbox_dashboard/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    # the glue of two installed modules
    "auto_install": True,
}
