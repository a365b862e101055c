"""Switch one of the inbox's performance tricks off, for ``make bench
TRICK_OFF=<name>``, without a switch in the addon.

A server-wide module (``odoo-bin --load=base,web,bench_trick_off``, with
``scripts/bench`` in the addons path), never installed in a database: when the
server starts, before any registry is built, ``post_load`` puts Odoo's default
behaviour back in the addon's class in place of the trick named by the
environment variable ``BENCH_TRICK_OFF``, and logs
``bench_trick_off: <name> switched off``, which the bench checks (Odoo logs a
server-wide module that fails to load, and serves on).

The four tricks lean on ORM internals that the next Odoo version will break;
the bench measures what each one is worth. The classes are found by model and
method in what the addon defines (not by file), and a trick that is no longer
where this module expects it stops the server rather than measure something
else. Importable without Odoo (``scripts/bench`` reads ``TRICKS``): Odoo is
imported when a trick is switched off.
"""

import inspect
import logging
import os
import textwrap

_logger = logging.getLogger(__name__)

# name: (what the trick does; what Odoo does instead, with the trick off)
TRICKS = {
    "assignee_cache": (
        "the assignees' partners written into `env.cache` for the users "
        "(`review.message._prefetch_assignees`)",
        "the assignees' partners read through the users",
    ),
    "category_key": (
        "the category icons from the stored `category_key`",
        "the icons compute reads `category_ids`",
    ),
    "search_fetch": (
        "`company_id` and `user_partner_id` fetched with the rows "
        "(`review.message.search_fetch`)",
        "Odoo's `search_fetch`",
    ),
    "place_names": (
        "the place names from a cache of every place (`review.place._names`)",
        "Odoo's display name, read from the places",
    ),
}


def _addon_class(model, method):
    """The class of the addon that defines ``method`` on ``model``."""
    import odoo.addons.review_inbox  # noqa: F401 (defines the classes)
    from odoo.models import MetaModel

    found = [
        cls
        for cls in MetaModel.module_to_models["review_inbox"]
        if cls._name == model and method in vars(cls)
    ]
    if len(found) != 1:
        raise RuntimeError(
            f"review_inbox defines {model}.{method} in {len(found)} classes, "
            "not one: the trick moved, update bench_trick_off"
        )
    return found[0]


def _assignee_cache_off():
    cls = _addon_class("review.message", "_prefetch_assignees")

    def _prefetch_assignees(self):
        """Odoo's way: the partners of the assignees, through the users."""
        return self.user_id.partner_id

    cls._prefetch_assignees = _prefetch_assignees


def _category_key_off():
    cls = _addon_class("review.message", "_compute_review_icons")
    original = cls._compute_review_icons
    # The addon's own compute, line for line, but for its input: each
    # review's categories read through category_ids (a query of the relation
    # per batch of reviews) instead of the stored key.
    source = textwrap.dedent(inspect.getsource(original))
    for old, new in (
        ('"category_key"', '"category_ids"'),  # its @api.depends
        ('(review.category_key or "").split(",")', "map(str, review.category_ids.ids)"),
    ):
        if source.count(old) != 1:
            raise RuntimeError(
                f"_compute_review_icons no longer reads {old} once: "
                "the trick moved, update bench_trick_off"
            )
        source = source.replace(old, new)
    namespace = {}
    code = compile(source, inspect.getsourcefile(original), "exec")
    exec(code, original.__globals__, namespace)  # noqa: S102 (the addon's code)
    cls._compute_review_icons = namespace[original.__name__]


def _search_fetch_off():
    del _addon_class("review.message", "search_fetch").search_fetch


def _place_names_off():
    del _addon_class("review.place", "_compute_display_name")._compute_display_name


SWITCHES = {
    "assignee_cache": _assignee_cache_off,
    "category_key": _category_key_off,
    "search_fetch": _search_fetch_off,
    "place_names": _place_names_off,
}


def post_load():
    name = os.environ.get("BENCH_TRICK_OFF", "")
    if name not in SWITCHES:
        raise ValueError(
            f"BENCH_TRICK_OFF={name!r}: expected one of {', '.join(SWITCHES)}"
        )
    SWITCHES[name]()
    _logger.info("bench_trick_off: %s switched off: %s", name, TRICKS[name][1])
