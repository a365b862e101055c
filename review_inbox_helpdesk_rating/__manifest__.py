{
    "name": "Review Inbox - Helpdesk ratings",
    "summary": "The customers' ratings of helpdesk tickets in the review inbox, "
    "in the place of the ticket's team",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": [
        "review_inbox_helpdesk",
        "review_inbox_rating",
        "helpdesk_mgmt_rating",
    ],
    "data": [
        "views/review_message_views.xml",
    ],
    "demo": ["demo/review_inbox_helpdesk_rating_demo.xml"],
    "installable": True,
    # the glue of three installed modules
    "auto_install": True,
}
