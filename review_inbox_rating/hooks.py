import logging

_logger = logging.getLogger(__name__)

# The system parameter saying how many days of past ratings the installation
# brings into the inbox (0: none). Set it before installing to change it.
INSTALL_DAYS_PARAM = "review_inbox_rating.install_import_days"
INSTALL_DAYS_DEFAULT = 30


def post_init_hook(env):
    """Bring the ratings of the last days into the inbox, at once: the
    installation ends with their reviews in place."""
    value = env["ir.config_parameter"].sudo().get_param(INSTALL_DAYS_PARAM)
    try:
        days = INSTALL_DAYS_DEFAULT if value in (None, False, "") else int(value)
    except ValueError:
        _logger.warning(
            "%s=%r is not a number of days: %s used.",
            INSTALL_DAYS_PARAM,
            value,
            INSTALL_DAYS_DEFAULT,
        )
        days = INSTALL_DAYS_DEFAULT
    if days <= 0:
        return
    job = env["review.rating.import"]._start(days)
    job._run()
    _logger.info(
        "Past ratings brought into the review inbox: %s reviews.", job.review_count
    )
