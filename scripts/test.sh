#!/usr/bin/env bash
# make test: lint, then the whole test suite on throwaway databases.
#
#  1. scripts/lint.sh
#  2. a fresh database review_inbox_test_<random> with every addon of the
#     repository (the core and its bridges), the Odoo modules the bridges are
#     tested with, and their demo data: one install (odoo-bin -i ...
#     --stop-after-init); a copy of it is kept for step 4
#  3. the addons' tests, <addon>/tests for each of them in one pytest run,
#     through pytest-odoo (with an HTTP server, so browser tours run)
#  4. the end-to-end tests, tests/, which start their own server on their own
#     copy of that database
#  5. the databases are dropped, whatever happened.
#
# Fails on any lint error, failed or skipped test, or when a pytest run
# collects no test. Environment:
#   HTTP_PORT=8069          http_port of the generated config (pytest-odoo
#                           serves on a random free port anyway)
#   SKIP_LINT=1             skip step 1 (local iterations)
#   ODOO_TEST_LOG_LEVEL     Odoo's log level during the addon's tests (warn)
#   PYTEST_ADDOPTS          extra pytest options for both runs (e.g. -x, -k)
#   REVIEW_INBOX_ALLOW_SKIPS=1  do not fail on skipped tests (local runs)
#   REVIEW_INBOX_ADDONS     only these addons (and the core), e.g.
#                           "review_inbox review_inbox_sale" (local runs)
#   TEST_DB=<name>          keep the database under that name between runs:
#                           installed the first time, updated (-u) afterwards
#                           (local runs)
set -euo pipefail

LOG_TAG="test"
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

PYTEST="$ROOT/.venv/bin/pytest"

# -- 1. lint ------------------------------------------------------------------
if [ "${SKIP_LINT:-}" = 1 ]; then
    log "lint skipped (SKIP_LINT=1)"
else
    if ! "$ROOT/scripts/lint.sh"; then
        printf 'FAILED: lint (no test was run)\n'
        exit 1
    fi
fi

# Odoo's browser tests look for these names on PATH; without one they would be
# skipped (and so fail), so say it plainly now.
chromium="$(find_chromium)" || die "no Chromium on PATH (google-chrome, chromium, chromium-browser): browser tests cannot run"
log "browser: $chromium"

# -- 2. a fresh database --------------------------------------------------------
DB="${TEST_DB:-${ADDON}_test_$(random_suffix)}"
E2E_DB="${DB}_e2e"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/review-inbox-test.XXXXXX")"
CONF="$(HTTP_PORT="${HTTP_PORT:-8069}" LOG_LEVEL=warn "$ROOT/scripts/odoo_conf.sh" "test-$DB" "$DB")"

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
    if [ -z "${TEST_DB:-}" ]; then
        drop_db "$DB" "$CONF" || log "warning: could not drop database $DB"
    fi
    drop_db "$E2E_DB" "$CONF" || log "warning: could not drop database $E2E_DB"
    rm -f "$CONF"
    rm -rf "$WORK"
}
trap 'rc=$?; set +e; cleanup; exit "$rc"' EXIT

# Clean up, then print the verdict (so that it is the last line) and exit.
finish() {
    local rc="$1"
    shift
    trap - EXIT
    cleanup || true
    printf '%s\n' "$*"
    exit "$rc"
}
trap 'exit 130' INT
trap 'exit 143' TERM

install_step="-i $MODULES"
if [ -n "${TEST_DB:-}" ] && demo_loaded "$DB"; then
    install_step="-u ${ADDONS// /,}"
fi
log "odoo-bin $install_step with demo data into $DB"
set +e
# shellcheck disable=SC2086  # $install_step is two words
odoo_bin -c "$CONF" -d "$DB" $install_step --stop-after-init 2>&1 | tee "$WORK/install.log"
install_rc=${PIPESTATUS[0]}
set -e
if [ "$install_rc" -ne 0 ] || grep -Eq ' (ERROR|CRITICAL) |^Traceback' "$WORK/install.log"; then
    finish 1 "FAILED: installing $MODULES (exit status $install_rc; see its log above)"
fi
if ! demo_loaded "$DB"; then
    finish 1 "FAILED: $ADDONS not all installed with their demo data in $DB"
fi

# The end-to-end tests' server runs on copies of this freshly installed
# database (and its filestore), before the addons' tests touch it.
drop_db "$E2E_DB" "$CONF" >/dev/null 2>&1 || true
pg_query postgres "CREATE DATABASE \"$E2E_DB\" TEMPLATE \"$DB\"" >/dev/null
filestore="${DATA_DIR:-$BUILD_DIR/data}/filestore"
rm -rf "${filestore:?}/$E2E_DB"
[ ! -d "$filestore/$DB" ] || cp -a "$filestore/$DB" "$filestore/$E2E_DB"
export E2E_TEMPLATE_DB="$E2E_DB"
export E2E_TEMPLATE_FILESTORE="$filestore/$E2E_DB"

# -- 3. and 4. the two pytest runs ---------------------------------------------
declare -A run_rc=()

run_pytest() {
    local name="$1"
    shift
    log "pytest: $name"
    set +e
    "$PYTEST" "$@" --junitxml="$WORK/$name.xml"
    run_rc[$name]=$?
    set -e
}

test_dirs=()
for addon in $ADDONS; do
    [ -d "$ROOT/$addon/tests" ] && test_dirs+=("$addon/tests")
done
run_pytest addon "${test_dirs[@]}" \
    --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --odoo-log-level="${ODOO_TEST_LOG_LEVEL:-warn}"

run_pytest e2e -p no:odoo tests

# -- summary ------------------------------------------------------------------
failed=()
for name in addon e2e; do
    rc=${run_rc[$name]}
    case "$rc" in
        0) log "$name tests: ok" ;;
        5) log "$name tests: FAILED, no test collected"; failed+=("$name") ;;
        *) log "$name tests: FAILED (pytest exit status $rc)"; failed+=("$name") ;;
    esac
done

# Totals of both runs, from their JUnit reports.
totals="$("$PYTHON" - "$WORK"/addon.xml "$WORK"/e2e.xml <<'PY'
import sys
import xml.etree.ElementTree as ET

tests = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        continue
    for suite in root.iter("testsuite"):
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
print(f"{tests - failed - skipped} passed, {failed} failed, {skipped} skipped")
PY
)"

if [ ${#failed[@]} -eq 0 ]; then
    finish 0 "PASSED: $totals"
fi
log "failed: ${failed[*]}"
finish 1 "FAILED: $totals"
