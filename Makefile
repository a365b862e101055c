# Developer entry points. Each target first runs scripts/setup.sh (virtualenv,
# Odoo 18.0 source, PostgreSQL, Chromium; idempotent), then one script.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

DEMO_DB ?= review_inbox_demo
PORT ?= 8069
SHOTS_LANG ?=
export DEMO_DB PORT SHOTS_LANG

# Fails (unlike a bare `eval "$$(...)"`) when the set-up fails.
SETUP = setup_env="$$(scripts/setup.sh)"; eval "$$setup_env"

.PHONY: help demo test lint screenshots bench clean-db

help: ## Show this help
	@printf 'Usage: make TARGET [VARIABLE=value]\n\nTargets:\n'
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'
	@printf '\nVariables:\n'
	@printf '  %-12s %s\n' \
		'DEMO_DB' 'database of make demo / clean-db (default review_inbox_demo)' \
		'PORT' 'HTTP port of make demo (default 8069)' \
		'HTTP_PORT' 'http_port in the test config (default 8069)' \
		'SHOTS_LANG' 'language of make screenshots, e.g. fr_FR: into' \
		'' 'docs/screenshots/fr/ (default: English, docs/screenshots/)' \
		'SIZE' 'reviews of make bench (default 1000000, at least 50000)' \
		'SEED' 'seed of the benchmark data (default 42)' \
		'REPLICA' '1: make bench also reads from a streaming replica' \
		'KEEP' '1: make bench keeps its database' \
		'PUBLISH' '1: make bench writes docs/benchmarks.* and docs/deployment.md' \
		'SEND_ORDERS' 'paid POS orders of make bench'"'"'s rating requests (default 50000)' \
		'SEND_BASELINE' 'project tasks of its rating_send_request baseline (default 2000)' \
		'RATINGS_IMPORT' 'past ratings make bench imports (default 100000)' \
		'SCENARIOS' 'make bench measures only these (e.g. P13,B13; SEND, IMPORT)' \
		'REUSE' '1: make bench measures the kept BENCH_DB again, unfilled' \
		'TRICK_OFF' 'make bench with one trick off: assignee_cache, category_key,' \
		'' 'search_fetch or place_names (see scripts/bench.sh)'

demo: ## Serve the addon with its demo data at http://localhost:PORT, its mail in .build/demo-mail/
	@$(SETUP); scripts/demo.sh

test: ## Lint, then every test on a throwaway database (dropped afterwards)
	@$(SETUP); scripts/test.sh

lint: ## The pre-commit hooks (OCA's 18.0 set) on every tracked file
	@$(SETUP); scripts/lint.sh

screenshots: ## Regenerate docs/screenshots/*.png from a fresh demo database (SHOTS_LANG)
	@$(SETUP); scripts/screenshots.sh

bench: ## Benchmark the inbox at SIZE reviews into .build/bench/ (PUBLISH=1: docs/)
	@$(SETUP); scripts/bench.sh

clean-db: ## Drop DEMO_DB and leftover throwaway databases
	@$(SETUP); scripts/clean_db.sh
