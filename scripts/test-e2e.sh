#!/usr/bin/env bash
# Runs the web app's end-to-end tests (webapp/e2e, playwright-core driving Debian's Chromium)
# against a freshly started `stoa` that serves the web app it was built with, then once more
# behind the test proxy, which can cut connections.
#   STOA_BIN   server binary (default target/debug/stoa; build the web app before it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${STOA_BIN:-$ROOT/target/debug/stoa}"
DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

STOA_LISTEN="127.0.0.1:$PORT" STOA_DATA_DIR="$DIR" STOA_DATABASE_URL="" STOA_LOG=warn "$BIN" serve >"$DIR/server.log" 2>&1 &
PID=$!
cleanup() {
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    rm -rf "$DIR"
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -sf "$URL/api/v4/system/ping" >/dev/null && break; sleep 0.1; done
if ! curl -s "$URL/" | grep -q 'id="root"'; then
    echo "the server at $URL does not serve the built web app (build webapp/ before the server)" >&2
    exit 1
fi
if ! "$ROOT/scripts/webapp.sh" e2e "$URL"; then
    echo "server log:"; tail -30 "$DIR/server.log"
    exit 1
fi
# Once more behind the test proxy (webapp/e2e/serve.mjs), which can cut the WebSocket: the
# reconnect flow (banner, then every post exactly once) runs only there.
(cd "$ROOT/webapp" && STOA_BIN="$BIN" npm run e2e --silent)
