#!/usr/bin/env bash
# make demo: a database with the addon and its demo data, served in the
# background at http://localhost:$PORT until Ctrl-C, with a mailbox.
#
# The database ($DEMO_DB, default review_inbox_demo) is created and the addon
# installed the first time; later runs reuse it and update the addon
# (-u review_inbox). `make clean-db` drops it.
#
# Mail works from the first minute: a local SMTP sink (scripts/
# demo_smtp_sink.py) receives every email the demo sends, keeps it in
# .build/demo-mail/ and prints its reply links, and the database's outgoing
# mail server points at it (scripts/demo_mail_server.py, which also sets
# web.base.url to the demo's URL). Odoo's own log goes to
# .build/demo-$DEMO_DB.log; the terminal shows the steps, then the URL and
# the logins once the server answers, then a line per email. Ctrl-C stops the
# server and the sink.
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
SERVER_LOG="$BUILD_DIR/demo-$DEMO_DB.log"
MAIL_DIR="$BUILD_DIR/demo-mail"
SINK_PORT_FILE="$BUILD_DIR/demo-mail-$DEMO_DB.port"
url="http://localhost:$PORT"
: >"$SERVER_LOG"

# Run odoo-bin with its output in the server log; on failure, show its end.
odoo_step() {
    if ! odoo_bin "$@" >>"$SERVER_LOG" 2>&1; then
        tail -n 40 "$SERVER_LOG" >&2
        die "odoo-bin $* failed (log: $SERVER_LOG)"
    fi
}

if ! db_exists "$DEMO_DB"; then
    log "creating database $DEMO_DB with $MODULES and their demo data (a few minutes; log: $SERVER_LOG)"
    odoo_step -c "$CONF" -d "$DEMO_DB" -i "$MODULES" --stop-after-init
elif demo_loaded "$DEMO_DB"; then
    log "updating ${ADDONS// /, } in the existing database $DEMO_DB (log: $SERVER_LOG)"
    odoo_step -c "$CONF" -d "$DEMO_DB" -u "${ADDONS// /,}" --stop-after-init
else
    log "installing $MODULES into the existing database $DEMO_DB (log: $SERVER_LOG)"
    odoo_step -c "$CONF" -d "$DEMO_DB" -i "$MODULES" --stop-after-init
fi
demo_loaded "$DEMO_DB" || log "warning: $ADDONS not all installed with their demo data in $DEMO_DB (make clean-db, then make demo, starts afresh)"

sink_pid=""
server_pid=""
interrupted=""
# Stop process $1: wait $2 seconds for it to stop by itself, then SIGTERM.
stop_process() {
    local pid="$1" tenths=$(($2 * 10))
    while [ "$tenths" -gt 0 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
        tenths=$((tenths - 1))
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317  # invoked by the trap
stop_demo() {
    # Ctrl-C reached the server too, which then stops gracefully: a SIGTERM
    # on top would make it a forced shutdown.
    [ -z "$server_pid" ] || stop_process "$server_pid" "${interrupted:-0}"
    [ -z "$sink_pid" ] || stop_process "$sink_pid" 0
    rm -f "$SINK_PORT_FILE"
    [ -z "$interrupted" ] || log "demo stopped"
}
trap 'rc=$?; set +e; stop_demo; exit "$rc"' EXIT
trap 'interrupted=15; exit 130' INT
trap 'exit 143' TERM

# The mailbox, on a free port of its own choosing, written into the port file.
rm -f "$SINK_PORT_FILE"
"$PYTHON" "$ROOT/scripts/demo_smtp_sink.py" --dir "$MAIL_DIR" \
    --port-file "$SINK_PORT_FILE" --parent-pid $$ &
sink_pid=$!
for _ in $(seq 100); do
    if [ -s "$SINK_PORT_FILE" ] || ! kill -0 "$sink_pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
[ -s "$SINK_PORT_FILE" ] || die "the demo's SMTP sink did not start"
sink_port="$(cat "$SINK_PORT_FILE")"
log "mailbox: SMTP on 127.0.0.1:$sink_port, emails kept in $MAIL_DIR"
"$PYTHON" "$ROOT/scripts/demo_mail_server.py" -c "$CONF" -d "$DEMO_DB" \
    --smtp-port "$sink_port" --base-url "$url" >>"$SERVER_LOG" 2>&1 ||
    die "could not point $DEMO_DB's outgoing mail at the mailbox (log: $SERVER_LOG)"

log "starting the server"
"$PYTHON" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DEMO_DB" >>"$SERVER_LOG" 2>&1 &
server_pid=$!
if ! wait_http "$url" 300 "$server_pid"; then
    tail -n 40 "$SERVER_LOG" >&2
    die "the server did not answer on $url (log: $SERVER_LOG)"
fi

rule='  ============================================================================'
printf '\n%s\n' "$rule"
printf '  Review Inbox demo: %s   (database %s)\n' "$url" "$DEMO_DB"
if [ -f "$LOGINS" ]; then
    printf '\n  Demo logins (login / password — role):\n'
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            '' | '#'*) ;;
            *) printf '    %s\n' "$line" ;;
        esac
    done <"$LOGINS"
fi
printf '\n  Mail: every email the demo sends lands in %s\n' "${MAIL_DIR#"$ROOT/"}/"
printf '  and is listed below; open a reply link to answer as the customer.\n'
printf '  Server log: %s   Ctrl-C stops the demo.\n' "${SERVER_LOG#"$ROOT/"}"
printf '%s\n\n' "$rule"

# Until Ctrl-C, or until the server or the mailbox stops by itself.
set +e
wait -n "$server_pid" "$sink_pid"
rc=$?
set -e
if kill -0 "$server_pid" 2>/dev/null; then
    die "the demo's SMTP sink stopped (status $rc): stopping the server"
fi
tail -n 20 "$SERVER_LOG" >&2
die "the server stopped (status $rc; log: $SERVER_LOG)"
