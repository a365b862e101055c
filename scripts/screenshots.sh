#!/usr/bin/env bash
# make screenshots: regenerate docs/screenshots/*.png with headless Chromium,
# on a throwaway database with the demo data (see scripts/screenshots.py).
# Arguments go to scripts/screenshots.py (e.g. --only inbox_list, --db NAME).
# SHOTS_LANG=fr_FR (make screenshots SHOTS_LANG=fr_FR): the pictures in that
# language, loaded with its translations and set on the demo users and
# customers, into docs/screenshots/fr/; unset: English, into docs/screenshots/.
# SHOTS="pos_receipt_qr rating_page_phone": only these shots (file names
# without .png), as --only does.
set -euo pipefail

LOG_TAG=screenshots
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_env
cd "$ROOT"

find_chromium >/dev/null || die "no Chromium on PATH (chromium, chromium-browser, google-chrome)"
lang_args=()
if [ -n "${SHOTS_LANG:-}" ]; then
    lang_args=(--lang "$SHOTS_LANG")
fi
only_args=()
for shot in ${SHOTS:-}; do
    only_args+=(--only "$shot")
done
exec "$PYTHON" "$ROOT/scripts/screenshots.py" "${lang_args[@]}" "${only_args[@]}" "$@"
