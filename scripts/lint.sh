#!/usr/bin/env bash
# Lint: every hook of .pre-commit-config.yaml (OCA's 18.0 set: ruff, pylint-odoo,
# OCA's Odoo module checks, prettier, eslint, pre-commit-hooks, whool-init, the
# README generator) on every tracked file. Fails when a hook fails or changes
# a file; the changes stay in the work tree, shown as a diff, to review and
# commit.
#
# The hooks' environments are installed from PyPI and npm on the first run
# into PRE_COMMIT_HOME (default: the review_inbox cache folder), then reused.
set -euo pipefail

LOG_TAG=lint
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/review_inbox/pre-commit}"
# prettier and eslint run on the machine's node and npm (language_version: system).
for tool in node npm git; do
    command -v "$tool" >/dev/null 2>&1 || die "lint needs $tool on PATH"
done

log "pre-commit run --all-files (hook environments in $PRE_COMMIT_HOME)"
if ! "$ROOT/.venv/bin/pre-commit" run --all-files --show-diff-on-failure --color=never; then
    log "FAILED: a hook failed or changed files (see above)"
    exit 1
fi
log "OK"
