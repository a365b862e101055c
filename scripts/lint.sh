#!/usr/bin/env bash
# Lint: ruff (check + format check) on the Python sources, then pylint-odoo
# with the OCA rules: .pylintrc-mandatory blocks, .pylintrc only reports.
# Never modifies files (`ruff check --fix` / `ruff format` do, by hand).
set -euo pipefail

LOG_TAG=lint
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

VENV_BIN="$ROOT/.venv/bin"
failed=()

# Python sources to check; a path that does not exist yet is skipped.
py_paths=()
for path in "$ADDON" tests scripts conftest.py; do
    [ -e "$path" ] && py_paths+=("$path")
done

if [ ${#py_paths[@]} -gt 0 ]; then
    log "ruff check ${py_paths[*]}"
    "$VENV_BIN/ruff" check --no-fix --output-format=concise "${py_paths[@]}" || failed+=("ruff check")
    log "ruff format --check ${py_paths[*]}"
    "$VENV_BIN/ruff" format --check --diff "${py_paths[@]}" || failed+=("ruff format")
fi

if [ -f "$ADDON/__manifest__.py" ]; then
    log "pylint (optional checks, informative) $ADDON"
    "$VENV_BIN/pylint" --rcfile=.pylintrc --exit-zero --output-format=text "$ADDON"
    log "pylint (mandatory checks) $ADDON"
    "$VENV_BIN/pylint" --rcfile=.pylintrc-mandatory --output-format=text "$ADDON" || failed+=("pylint")
else
    log "error: $ADDON/__manifest__.py not found"
    failed+=("pylint ($ADDON/__manifest__.py missing)")
fi

log "$ADDON/README.rst is generated from $ADDON/readme/"
"$PYTHON" scripts/gen_addon_readme.py --check || failed+=("README.rst")

if [ ${#failed[@]} -gt 0 ]; then
    log "FAILED: $(IFS=,; printf %s "${failed[*]}")"
    exit 1
fi
log "OK"
