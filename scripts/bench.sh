#!/usr/bin/env bash
# make bench: fill a database of its own with a retail chain's reviews (SIZE,
# default 1,000,000), serve it with Odoo in multi-process mode and measure the
# inbox and the customer page over HTTP. Writes its report (benchmarks.md,
# benchmarks.json, query plans, server logs) into .build/bench/; PUBLISH=1
# also writes docs/benchmarks.md, docs/benchmarks.json and the figures block
# of docs/deployment.md. Exits non-zero when a target is missed.
#
#   SIZE     reviews (default 1000000, at least 50000; growth is measured from SIZE/10)
#   SEED     seed of the generated data (default 42)
#   BENCH_DB database (default review_inbox_bench; dropped and recreated)
#   BENCH_PORT  HTTP port of the measured server (default 8070)
#   WORKERS  Odoo HTTP workers (default 2 x CPU cores + 1, Odoo's sizing rule)
#   REPLICA  1: also serve the read scenarios from a streaming replica
#   KEEP     1: keep the database afterwards
#   BENCH_NOTE  a sentence printed with the machine (e.g. what else it ran)
#   PUBLISH  1: write the report into docs/ as well
#   SEND_ORDERS  paid POS orders of the rating requests' day (default 50000)
#   SEND_BASELINE  project tasks of Odoo's rating_send_request baseline, a
#            sample whose rate is compared (default 2000; 0: as many as
#            SEND_ORDERS, hours at Odoo's few tasks a second)
#   RATINGS_IMPORT  past ratings imported into the inbox by the rating
#            bridge's import, on a database of its own (default 100000; 0: none)
#   SCENARIOS  measure only these, comma-separated (e.g.
#            P13,B13,P14,B14,P15,B15; SEND and IMPORT: those two steps);
#            the growth and the indexes' baseline only of those among them
#   REUSE    1: measure BENCH_DB as an earlier KEEP=1 run left it, at its full
#            size, without filling it again (needs SCENARIOS; not P6, P10 or
#            P12, which spend the data's links); the months the earlier run
#            changed in the report are folded first, as its job would
#   TRICK_OFF  assignee_cache, category_key, search_fetch or place_names: serve
#            with that trick switched off (scripts/bench/bench_trick_off),
#            measured at SIZE only; report in .build/bench-off-TRICK_OFF/, and
#            with PUBLISH=1 in the tricks section of docs/benchmarks.md only.
#            Missed targets are reported, not failed.
set -euo pipefail

LOG_TAG=bench
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

BENCH_DB="${BENCH_DB:-review_inbox_bench}"
[ "$BENCH_DB" != "${DEMO_DB:-review_inbox_demo}" ] || die "BENCH_DB must not be the demo database"
CONF="$(HTTP_PORT="${BENCH_PORT:-8070}" LOG_LEVEL=info "$ROOT/scripts/odoo_conf.sh" "bench" "$BENCH_DB")"
options=()
[ -z "${TRICK_OFF:-}" ] || options=(--trick-off "$TRICK_OFF")
[ -z "${SCENARIOS:-}" ] || options+=(--scenarios "$SCENARIOS")

exec "$PYTHON" "$ROOT/scripts/bench/bench.py" \
    --config "$CONF" \
    --database "$BENCH_DB" \
    --size "${SIZE:-1000000}" \
    --seed "${SEED:-42}" \
    --port "${BENCH_PORT:-8070}" \
    --workers "${WORKERS:-$((2 * $(nproc) + 1))}" \
    --replica "${REPLICA:-0}" \
    --keep "${KEEP:-0}" \
    --publish "${PUBLISH:-0}" \
    --send-orders "${SEND_ORDERS:-50000}" \
    --send-baseline "${SEND_BASELINE:-2000}" \
    --ratings-import "${RATINGS_IMPORT:-100000}" \
    --reuse "${REUSE:-0}" \
    "${options[@]}" \
    --build "$BUILD_DIR/bench${TRICK_OFF:+-off-$TRICK_OFF}"
