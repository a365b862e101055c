{
    "name": "Review Inbox - Sales and Deliveries",
    "summary": "Ask the customer of a sale order for a rating once its delivery "
    "is done",
    "version": "18.0.1.0.0",
    "category": "Services/Review Inbox",
    "website": "https://github.com/review-inbox/review_inbox",
    "author": "review_inbox contributors",
    "maintainers": ["review-inbox"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["review_inbox_sale", "sale_stock"],
    "demo": [
        "demo/review_inbox_sale_stock_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
