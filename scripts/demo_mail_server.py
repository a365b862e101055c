"""Point a database's outgoing mail at the demo's SMTP sink.

    scripts/demo_mail_server.py -c ODOO_CONF -d DATABASE --smtp-port PORT
                                --base-url URL

Creates (the first time) or updates the outgoing mail server "Demo mailbox
(local SMTP sink)" of DATABASE: 127.0.0.1:PORT, no encryption, no login, the
first of the outgoing servers, for every sender. It also sets
``web.base.url`` to URL, frozen, so that the reply links of the emails open
the demo server whoever logged in last and from where. Run by
scripts/demo.sh (with ODOO_SRC set: ``eval "$(scripts/setup.sh)"``) before
it starts the server; the end-to-end test of the demo's mail runs it too.
"""

import argparse
import os
import sys

# Not an addon: the record is found by this XML id, whatever its name became.
XMLID_MODULE = "__review_inbox_demo__"
XMLID_NAME = "smtp_sink"
SERVER_NAME = "Demo mailbox (local SMTP sink)"


def configure(env, smtp_port, base_url):
    """The sink's ir.mail_server (created or updated) for ``env``'s
    database, and ``web.base.url``; returns the mail server."""
    values = {
        "name": SERVER_NAME,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_port,
        "smtp_encryption": "none",
        "smtp_authentication": "login",
        "smtp_user": False,
        "smtp_pass": False,
        "from_filter": False,
        "sequence": 0,
        "active": True,
    }
    xmlid = env["ir.model.data"].search(
        [("module", "=", XMLID_MODULE), ("name", "=", XMLID_NAME)]
    )
    server = env["ir.mail_server"].browse(xmlid.res_id).exists()
    if server:
        server.write(values)
    else:  # the first time, or the server was deleted since
        server = env["ir.mail_server"].create(values)
        xmlid.unlink()
        env["ir.model.data"].create(
            {
                "module": XMLID_MODULE,
                "name": XMLID_NAME,
                "model": server._name,
                "res_id": server.id,
                "noupdate": True,
            }
        )
    params = env["ir.config_parameter"]
    params.set_param("web.base.url", base_url)
    params.set_param("web.base.url.freeze", "True")
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args(argv)
    odoo_src = os.environ.get("ODOO_SRC")
    if not odoo_src:
        sys.exit('ODOO_SRC is not set: run eval "$(scripts/setup.sh)" first')
    sys.path.insert(0, odoo_src)

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database], setup_logging=True
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:  # commits on leaving
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        server = configure(env, args.smtp_port, args.base_url)
        print(
            f"{args.database}: outgoing mail to {server.smtp_host}:"
            f"{server.smtp_port} ({server.name}), links to {args.base_url}"
        )


if __name__ == "__main__":
    main()
