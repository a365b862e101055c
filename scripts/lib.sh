# shellcheck shell=bash
# Helpers shared by the scripts behind the Makefile. Source it; don't run it.
#
#   ROOT        repository root
#   BUILD_DIR   scratch space for generated files (gitignored)
#   PYTHON      the project's virtualenv interpreter
#   ADDON       the core addon (review_inbox)
# and, once ensure_env has run:
#   ADDONS      the repository's addons, space-separated, the core first
#   MODULES     what make test and make demo install, comma-separated: every
#               addon of the repository and the Odoo modules the bridges are
#               tested with (tests/harness.py, TESTED_WITH)
#   ADDONS_PATH Odoo's addons, the OCA wheels in the virtualenv, the repository

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$ROOT/.build"
PYTHON="$ROOT/.venv/bin/python"
ADDON="review_inbox"

log() { printf '[%s] %s\n' "${LOG_TAG:-review_inbox}" "$*" >&2; }
die() {
    printf '[%s] error: %s\n' "${LOG_TAG:-review_inbox}" "$*" >&2
    exit 1
}

# Make sure scripts/setup.sh has run (the Makefile does it; a script started
# by hand does it itself).
ensure_env() {
    if [ -z "${ODOO_SRC:-}" ] || [ ! -x "$PYTHON" ]; then
        local env
        env="$("$ROOT/scripts/setup.sh")"
        eval "$env"
    fi
    [ -f "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC has no odoo-bin"
    export ODOO_SRC
    mkdir -p "$BUILD_DIR"
    ADDONS="$("$PYTHON" "$ROOT/tests/harness.py" addons)"
    MODULES="$("$PYTHON" "$ROOT/tests/harness.py" modules)"
    ADDONS_PATH="$("$PYTHON" "$ROOT/tests/harness.py" addons-path)"
}

odoo_bin() { "$PYTHON" "$ODOO_SRC/odoo-bin" "$@"; }

# A short random suffix for throwaway database names.
random_suffix() { "$PYTHON" -c 'import secrets; print(secrets.token_hex(4))'; }

# Run one SQL statement on database $1 and print the rows, tab-separated.
# Uses psycopg2 (no psql needed) and libpq's PGHOST/PGPORT/PGUSER/PGPASSWORD.
pg_query() {
    "$PYTHON" - "$1" "$2" <<'PY'
import sys

import psycopg2

conn = psycopg2.connect(dbname=sys.argv[1])
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute(sys.argv[2])
    if cr.description:
        for row in cr.fetchall():
            print("\t".join("" if v is None else str(v) for v in row))
conn.close()
PY
}

db_exists() {
    [ "$(pg_query postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# Drop a database and its filestore. $2: an Odoo config file (for data_dir).
drop_db() {
    local db="$1" conf="$2"
    db_exists "$db" || return 0
    log "dropping database $db"
    if ! odoo_bin db -c "$conf" drop "$db" >/dev/null 2>&1; then
        pg_query postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()" >/dev/null || true
        pg_query postgres "DROP DATABASE IF EXISTS \"$db\"" || return 1
        rm -rf "$BUILD_DIR/data/filestore/$db"
    fi
}

# Whether every addon of the repository is installed in $1 with its demo data.
demo_loaded() {
    local names count
    names="$(printf "'%s'," $ADDONS)"
    count="$(pg_query "$1" "SELECT count(*) FROM ir_module_module WHERE name IN (${names%,}) AND state = 'installed' AND demo" 2>/dev/null)"
    [ "$count" = "$(wc -w <<<"$ADDONS" | tr -d ' ')" ]
}

# First Chromium-like browser on PATH (the names Odoo's test browser looks for).
find_chromium() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        if command -v "$bin" >/dev/null 2>&1; then
            command -v "$bin"
            return 0
        fi
    done
    return 1
}

# Wait until the Odoo server at URL $1 answers its health check, while the
# process $3 lives, for at most $2 seconds. Fails otherwise.
wait_http() {
    "$PYTHON" - "$1" "$2" "$3" <<'PY'
import os
import sys
import time
import urllib.request

url, timeout, pid = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:  # Linux: an exited child
            return stat.read().rpartition(")")[2].split()[0] != "Z"  # not reaped
    except FileNotFoundError:
        if os.path.isdir("/proc/self"):
            return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    if not alive(pid):
        sys.exit(1)
    try:
        with urllib.request.urlopen(f"{url}/web/health", timeout=5) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.5)
sys.exit(1)
PY
}
