#!/usr/bin/env bash
# Write an Odoo configuration file into .build/ and print its path.
#
#   scripts/odoo_conf.sh NAME [DATABASE]   ->  .build/odoo-NAME.conf
#
# Environment (all optional):
#   HTTP_PORT       http_port (default 8069)
#   HTTP_INTERFACE  http_interface (default 127.0.0.1)
#   LOG_LEVEL       log_level (default info)
#   DATA_DIR        data_dir (default .build/data)
#   PGHOST PGPORT PGUSER PGPASSWORD   written as db_host, db_port, db_user,
#                   db_password when set (otherwise Odoo's defaults: local
#                   socket, current user)
# With DATABASE, the server is pinned to it (db_name and dbfilter).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    die "usage: $0 NAME [DATABASE]"
fi
name="$1"
db="${2:-}"
[ -n "${ODOO_SRC:-}" ] || die "ODOO_SRC is not set: run eval \"\$(scripts/setup.sh)\" first"
addons_path="$("$PYTHON" "$ROOT/tests/harness.py" addons-path)"

case "$name" in
    *[!A-Za-z0-9_.-]*) die "config name must be made of letters, digits, '.', '_' and '-': $name" ;;
esac

mkdir -p "$BUILD_DIR"
conf="$BUILD_DIR/odoo-$name.conf"
data_dir="${DATA_DIR:-$BUILD_DIR/data}"
mkdir -p "$data_dir"

{
    printf '[options]\n'
    printf 'addons_path = %s\n' "$addons_path"
    printf 'data_dir = %s\n' "$data_dir"
    printf 'http_port = %s\n' "${HTTP_PORT:-8069}"
    printf 'http_interface = %s\n' "${HTTP_INTERFACE:-127.0.0.1}"
    printf 'log_level = %s\n' "${LOG_LEVEL:-info}"
    printf 'without_demo = False\n'
    printf 'workers = 0\n'
    if [ -n "$db" ]; then
        printf 'db_name = %s\n' "$db"
        printf 'dbfilter = ^%s$\n' "$db"
    fi
    [ -z "${PGHOST:-}" ] || printf 'db_host = %s\n' "$PGHOST"
    [ -z "${PGPORT:-}" ] || printf 'db_port = %s\n' "$PGPORT"
    [ -z "${PGUSER:-}" ] || printf 'db_user = %s\n' "$PGUSER"
    [ -z "${PGPASSWORD:-}" ] || printf 'db_password = %s\n' "$PGPASSWORD"
} >"$conf.tmp"
chmod 600 "$conf.tmp"
mv "$conf.tmp" "$conf"
printf '%s\n' "$conf"
