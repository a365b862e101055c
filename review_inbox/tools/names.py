"""How the addon names people to customers."""


def first_name(name):
    """The first word of a person's name: "Lucas" of "Lucas Bernard".

    Odoo keeps a person's name in one field: its first word is the name
    people go by in most languages the addon speaks.
    """
    words = (name or "").split()
    return words[0] if words else ""
