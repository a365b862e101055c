#!/usr/bin/env bash
# make demo: a database with the addon and its demo data, served in the
# foreground at http://localhost:$PORT (Ctrl-C stops it).
#
# The database ($DEMO_DB, default review_inbox_demo) is created and the addon
# installed the first time; later runs reuse it and update the addon
# (-u review_inbox). `make clean-db` drops it.
set -euo pipefail

LOG_TAG=demo
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

DEMO_DB="${DEMO_DB:-review_inbox_demo}"
PORT="${PORT:-8069}"
LOGINS="$ROOT/$ADDON/demo/LOGINS.txt"

port_free() {
    "$PYTHON" - "$1" "${HTTP_INTERFACE:-127.0.0.1}" <<'PY'
import socket
import sys

with socket.socket() as sock:
    # As Odoo's server does: connections in TIME_WAIT do not count.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((sys.argv[2], int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PY
}
port_free "$PORT" || die "port $PORT is in use: stop what listens there, or run make demo PORT=<another port>"

CONF="$(HTTP_PORT="$PORT" LOG_LEVEL=info "$ROOT/scripts/odoo_conf.sh" "demo-$DEMO_DB" "$DEMO_DB")"

if ! db_exists "$DEMO_DB"; then
    log "creating database $DEMO_DB with $ADDON and its demo data"
    odoo_bin -c "$CONF" -d "$DEMO_DB" -i "$ADDON" --stop-after-init
elif demo_loaded "$DEMO_DB"; then
    log "updating $ADDON in the existing database $DEMO_DB"
    odoo_bin -c "$CONF" -d "$DEMO_DB" -u "$ADDON" --stop-after-init
else
    log "installing $ADDON into the existing database $DEMO_DB"
    odoo_bin -c "$CONF" -d "$DEMO_DB" -i "$ADDON" --stop-after-init
fi
demo_loaded "$DEMO_DB" || log "warning: $ADDON is not installed with its demo data in $DEMO_DB (make clean-db, then make demo, starts afresh)"

url="http://localhost:$PORT"
printf '\n  Review Inbox demo: %s   (database %s; Ctrl-C stops the server)\n' "$url" "$DEMO_DB"
if [ -f "$LOGINS" ]; then
    printf '\n  Demo logins (login / password — role):\n'
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            '' | '#'*) ;;
            *) printf '    %s\n' "$line" ;;
        esac
    done <"$LOGINS"
fi
printf '\n'

exec "$PYTHON" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DEMO_DB"
