#!/usr/bin/env bash
# Runs the web app's browser tests (webapp/e2e, playwright-core driving Debian's Chromium):
#   1. chat.test.mjs against a freshly started `stoa` serving the web app it was built with;
#   2. the same behind the test proxy (webapp/e2e/serve.mjs), which can cut the WebSocket;
#   3. perf.test.mjs (first messages in a 10,000-post channel, scrolling back) on another
#      fresh server; it prints `perf:` lines with the figures of BENCHMARKS.md.
#   STOA_BIN   server binary (default target/debug/stoa; build the web app before it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${STOA_BIN:-$ROOT/target/debug/stoa}"
PIDS=()
DIRS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    for dir in "${DIRS[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT

# Starts a fresh server (SQLite, empty data dir); sets URL and LOG.
start_server() {
    local dir port
    dir="$(mktemp -d)"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    URL="http://127.0.0.1:$port"
    LOG="$dir/server.log"
    STOA_LISTEN="127.0.0.1:$port" STOA_DATA_DIR="$dir" STOA_DATABASE_URL="" STOA_LOG=warn "$BIN" serve >"$LOG" 2>&1 &
    PIDS+=($!)
    DIRS+=("$dir")
    for _ in $(seq 1 100); do curl -sf "$URL/api/v4/system/ping" >/dev/null && break; sleep 0.1; done
    if ! curl -s "$URL/" | grep -q 'id="root"'; then
        echo "the server at $URL does not serve the built web app (build webapp/ before the server)" >&2
        exit 1
    fi
}

start_server
if ! "$ROOT/scripts/webapp.sh" e2e "$URL"; then
    echo "server log:"; tail -30 "$LOG"
    exit 1
fi
(cd "$ROOT/webapp" && STOA_BIN="$BIN" npm run e2e --silent)
start_server
if ! (cd "$ROOT/webapp" && STOA_URL="$URL" node --test e2e/perf.test.mjs); then
    echo "server log:"; tail -30 "$LOG"
    exit 1
fi
