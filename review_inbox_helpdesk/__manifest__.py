{
    "name": "Review Inbox - Helpdesk",
    "summary": "Hand a review to the helpdesk as a ticket, and hear back when the "
    "ticket is closed",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox", "helpdesk_mgmt"],
    "data": [
        "wizard/review_delegate_wizard_views.xml",
        "views/review_place_views.xml",
        "views/review_message_views.xml",
        "views/review_inbox_settings_views.xml",
        "views/helpdesk_ticket_views.xml",
    ],
    "demo": ["demo/review_inbox_helpdesk_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "review_inbox_helpdesk/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    # the glue of two installed modules
    "auto_install": True,
}
