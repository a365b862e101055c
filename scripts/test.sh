#!/usr/bin/env bash
# make test: lint, then the whole test suite on throwaway databases.
#
#  1. scripts/lint.sh
#  2. a fresh database review_inbox_test_<random> with the addon and its demo
#     data (odoo-bin -i review_inbox --stop-after-init)
#  3. the addon's tests, review_inbox/tests, through pytest-odoo (with an HTTP
#     server, so browser tours run)
#  4. the end-to-end tests, tests/, which start their own server on their own
#     database
#  5. the database is dropped, whatever happened.
#
# Fails on any lint error, failed or skipped test, or when a pytest run
# collects no test. Environment:
#   HTTP_PORT=8069          http_port of the generated config (pytest-odoo
#                           serves on a random free port anyway)
#   SKIP_LINT=1             skip step 1 (local iterations)
#   ODOO_TEST_LOG_LEVEL     Odoo's log level during the addon's tests (warn)
#   PYTEST_ADDOPTS          extra pytest options for both runs (e.g. -x, -k)
#   REVIEW_INBOX_ALLOW_SKIPS=1  do not fail on skipped tests (local runs)
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
DB="${ADDON}_test_$(random_suffix)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/review-inbox-test.XXXXXX")"
CONF="$(HTTP_PORT="${HTTP_PORT:-8069}" LOG_LEVEL=warn "$ROOT/scripts/odoo_conf.sh" "test-$DB" "$DB")"

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
    drop_db "$DB" "$CONF" || log "warning: could not drop database $DB"
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

log "installing $ADDON with demo data into $DB"
set +e
odoo_bin -c "$CONF" -d "$DB" -i "$ADDON" --stop-after-init 2>&1 | tee "$WORK/install.log"
install_rc=${PIPESTATUS[0]}
set -e
if [ "$install_rc" -ne 0 ] || grep -Eq ' (ERROR|CRITICAL) |^Traceback' "$WORK/install.log"; then
    finish 1 "FAILED: installing $ADDON (exit status $install_rc; see its log above)"
fi
if ! demo_loaded "$DB"; then
    finish 1 "FAILED: $ADDON is not installed with its demo data in $DB"
fi

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

run_pytest addon "$ADDON/tests" \
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
