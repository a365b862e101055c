#!/usr/bin/env bash
# Shared set-up of `make demo`, `make test` and `make bench`: a virtualenv with
# Odoo 18.0's requirements, Odoo's source, a reachable PostgreSQL, Chromium,
# wkhtmltopdf, node and npm.
# Idempotent: a second run reuses what exists. Prints the environment to
# source (`eval "$(scripts/setup.sh)"`) on its standard output; everything
# else goes to standard error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/review_inbox"
ODOO_CACHE="$CACHE_DIR/odoo-18.0"
NIGHTLY_URL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
PYTHON="${PYTHON:-python3}"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }
is_debian() { [ -f /etc/debian_version ] && have apt-get; }

APT_UPDATED=""
apt_install() {
    is_root && is_debian || return 1
    if [ -z "$APT_UPDATED" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
        APT_UPDATED=1
    fi
    log "installing Debian packages: $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# --- Odoo source -----------------------------------------------------------
odoo_source() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (no odoo/release.py)."
        printf '%s' "$(cd "$ODOO_SRC" && pwd)"
        return
    fi
    if [ -f "$ODOO_CACHE/odoo/release.py" ]; then
        printf '%s' "$ODOO_CACHE"
        return
    fi
    log "downloading Odoo 18.0 nightly source into $ODOO_CACHE"
    mkdir -p "$CACHE_DIR"
    local tmp
    tmp="$(mktemp -d "$CACHE_DIR/download.XXXXXX")"
    if ! curl -fsSL --retry 2 -o "$tmp/odoo.tar.gz" "$NIGHTLY_URL"; then
        rm -rf "$tmp"
        die "Odoo 18.0 source not found and the download failed.
Provide it in one of these ways:
  - set ODOO_SRC to an Odoo 18.0 source tree (the folder holding odoo-bin and odoo/), or
  - unpack it into $ODOO_CACHE (so that $ODOO_CACHE/odoo-bin exists), or
  - allow access to $NIGHTLY_URL."
    fi
    mkdir -p "$tmp/src"
    tar -xzf "$tmp/odoo.tar.gz" -C "$tmp/src" --strip-components=1
    [ -f "$tmp/src/odoo/release.py" ] || die "the downloaded archive is not Odoo's source"
    rm -rf "$ODOO_CACHE"
    mv "$tmp/src" "$ODOO_CACHE"
    rm -rf "$tmp"
    printf '%s' "$ODOO_CACHE"
}

# --- Python environment -----------------------------------------------------
python_env() {
    local src="$1" stamp="$VENV/.review_inbox-installed"
    local want
    want="$(cat "$src/requirements.txt" "$ROOT/requirements-dev.txt" | sha256sum | cut -c1-16)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        write_pth "$src"
        return
    fi
    if is_debian && is_root; then
        local missing=()
        for pkg in libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev build-essential; do
            dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
        done
        [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}" || true
    fi
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" >&2
    # cbor2==5.4.2 (pinned by Odoo 18 for Python < 3.12) needs pkg_resources at
    # build time, which setuptools>=70 no longer ships: constrain build envs.
    printf 'setuptools<70\n' > "$VENV/build-constraints.txt"
    log "installing Odoo 18.0 requirements and test tools into .venv (first run takes a few minutes)"
    PIP_CONSTRAINT="$VENV/build-constraints.txt" "$VENV/bin/pip" install -q "setuptools<70" wheel >&2
    # OCA addons (odoo-addon-*) require odoo==18.0.*, which is not on PyPI:
    # installed on their own, without dependencies.
    grep -v '^odoo-addon-' "$ROOT/requirements-dev.txt" > "$VENV/requirements-tools.txt"
    grep '^odoo-addon-' "$ROOT/requirements-dev.txt" > "$VENV/requirements-oca.txt" || true
    PIP_CONSTRAINT="$VENV/build-constraints.txt" "$VENV/bin/pip" install -q \
        -r "$src/requirements.txt" -r "$VENV/requirements-tools.txt" >&2
    if [ -s "$VENV/requirements-oca.txt" ]; then
        "$VENV/bin/pip" install -q --no-deps -r "$VENV/requirements-oca.txt" >&2
    fi
    write_pth "$src"
    printf '%s' "$want" > "$stamp"
}

write_pth() {
    # Odoo itself is imported from its source tree, never copied in.
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    printf '%s\n' "$1" > "$site/odoo-src.pth"
}

# --- PostgreSQL -------------------------------------------------------------
pg_reachable() { "$VENV/bin/python" - <<'PY' 2>/dev/null
import psycopg2, sys
try:
    psycopg2.connect(dbname="postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
}

postgres() {
    if pg_reachable; then return; fi
    if ! is_root || ! is_debian; then
        die "no PostgreSQL server reachable. Start one and set PGHOST/PGPORT/PGUSER/PGPASSWORD (the user must be allowed to create databases)."
    fi
    have pg_ctlcluster || apt_install postgresql
    local version
    version="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1}')"
    if [ -z "$version" ]; then
        version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
        pg_createcluster "$version" main >&2
    fi
    log "starting PostgreSQL $version"
    pg_ctlcluster "$version" main start >&2 || true
    for _ in $(seq 1 30); do
        su postgres -c "psql -qAt -c 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    local me
    me="$(id -un)"
    if ! su postgres -c "psql -qAt -c \"select 1 from pg_roles where rolname='$me'\"" | grep -q 1; then
        log "creating PostgreSQL superuser role $me"
        su postgres -c "createuser -s '$me'" >&2
    fi
    pg_reachable || die "PostgreSQL started but is not reachable as $me."
}

# --- Browser -----------------------------------------------------------------
chromium_bin() {
    for bin in chromium chromium-browser google-chrome; do
        have "$bin" && return 0
    done
    apt_install chromium || die "browser tests need Chromium: install it (Debian package 'chromium')."
}

# --- PDF reports -------------------------------------------------------------
# Debian's build (unpatched Qt) renders one document per call and no separate
# header or footer: enough for the tests and the place posters.
wkhtmltopdf_bin() {
    have wkhtmltopdf && return 0
    apt_install wkhtmltopdf || die "PDF reports need wkhtmltopdf: install it (Debian package 'wkhtmltopdf')."
}

# --- Lint ----------------------------------------------------------------------
# pre-commit runs prettier and eslint on the machine's node and npm.
node_bin() {
    have node && have npm && return 0
    apt_install nodejs npm || die "lint needs node and npm: install them (Debian packages 'nodejs' and 'npm')."
}

main() {
    local src
    src="$(odoo_source)"
    python_env "$src"
    postgres
    chromium_bin
    wkhtmltopdf_bin
    node_bin
    printf 'export ODOO_SRC=%q\n' "$src"
    printf 'export PATH=%q:"$PATH"\n' "$VENV/bin"
}

main "$@"
