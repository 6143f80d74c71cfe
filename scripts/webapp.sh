#!/usr/bin/env bash
# Builds and tests the web app in webapp/ (React + TypeScript + Vite).
#   scripts/webapp.sh build      # npm ci (when package-lock.json changed), typecheck, vite build → webapp/dist
#   scripts/webapp.sh test       # unit tests (vitest)
#   scripts/webapp.sh e2e BIN    # end-to-end and performance tests in Debian's Chromium, each on a
#                                # fresh server started from the `stoa` binary BIN
# The server embeds webapp/dist when it is compiled, so build the web app before `cargo build`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/webapp"

install() {
    local stamp=node_modules/.stoa-installed
    if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
        npm ci --no-audit --no-fund --loglevel=error
        touch "$stamp"
    fi
}

case "${1:-}" in
build)
    install
    npm run build --silent
    ;;
test)
    install
    npm test --silent
    ;;
e2e)
    install
    if [ ! -x /usr/bin/chromium ]; then
        echo "Installing Debian's chromium for the browser tests (browsers cannot be downloaded here)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    bin="$(realpath "${2:?usage: $0 e2e BIN}")"
    STOA_BIN="$bin" node --test e2e/chat.test.mjs
    STOA_BIN="$bin" node --test e2e/apps.test.mjs
    STOA_BIN="$bin" node --test e2e/integrations.test.mjs
    STOA_BIN="$bin" node --test e2e/perf.test.mjs
    ;;
*)
    echo "usage: $0 build|test|e2e BIN" >&2
    exit 2
    ;;
esac
