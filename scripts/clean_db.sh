#!/usr/bin/env bash
# make clean-db: drop the demo database ($DEMO_DB) and the throwaway databases
# left behind by interrupted runs (review_inbox_test_*, e2e_*,
# review_inbox_shots_*) that nobody is connected to, with their filestores.
set -euo pipefail

LOG_TAG=clean-db
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

DEMO_DB="${DEMO_DB:-review_inbox_demo}"
CONF="$(LOG_LEVEL=warn "$ROOT/scripts/odoo_conf.sh" clean-db)"
trap 'rm -f "$CONF"' EXIT

if db_exists "$DEMO_DB"; then
    drop_db "$DEMO_DB" "$CONF"
else
    log "no database $DEMO_DB"
fi
rm -f "$BUILD_DIR/odoo-demo-$DEMO_DB.conf"

leftovers="$(pg_query postgres "
    SELECT d.datname FROM pg_database d
    WHERE (d.datname LIKE '${ADDON}\_test\_%' OR d.datname LIKE 'e2e\_%'
           OR d.datname LIKE '${ADDON}\_shots\_%')
      AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
    ORDER BY 1")"
for db in $leftovers; do
    drop_db "$db" "$CONF"
done
[ -n "$leftovers" ] || log "no leftover throwaway database"
