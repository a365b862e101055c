#!/usr/bin/env bash
# make screenshots: regenerate docs/screenshots/*.png with headless Chromium,
# on a throwaway database with the demo data (see scripts/screenshots.py).
# Arguments go to scripts/screenshots.py (e.g. --only inbox_list, --db NAME).
set -euo pipefail

LOG_TAG=screenshots
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

find_chromium >/dev/null || die "no Chromium on PATH (chromium, chromium-browser, google-chrome)"
exec "$PYTHON" "$ROOT/scripts/screenshots.py" "$@"
