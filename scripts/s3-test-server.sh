#!/usr/bin/env bash
# Starts or stops a local S3-compatible server (moto) for the S3 file-store tests.
#   scripts/s3-test-server.sh start   # installs it into tests/s3/.venv when needed, prints the
#                                     # endpoint to export as STOA_TEST_S3_ENDPOINT
#   scripts/s3-test-server.sh stop
# Port: STOA_TEST_S3_PORT (default 9010). Nothing leaves the machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/tests/s3/.venv"
PORT="${STOA_TEST_S3_PORT:-9010}"
PIDFILE="$ROOT/target/s3-test-server.pid"
LOG="$ROOT/target/s3-test-server.log"

case "${1:-}" in
start)
    mkdir -p "$ROOT/target"
    stamp="$VENV/.installed"
    if [ ! -f "$stamp" ] || [ "$ROOT/tests/s3/requirements.txt" -nt "$stamp" ]; then
        python3 -m venv "$VENV" >&2
        "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tests/s3/requirements.txt" >&2
        touch "$stamp"
    fi
    "$0" stop
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 100); do
        if curl -sf -o /dev/null "http://127.0.0.1:$PORT/moto-api/"; then
            echo "http://127.0.0.1:$PORT"
            exit 0
        fi
        sleep 0.1
    done
    echo "the S3 test server did not start; see $LOG" >&2
    exit 1
    ;;
stop)
    if [ -f "$PIDFILE" ]; then
        kill "$(cat "$PIDFILE")" 2>/dev/null || true
        rm -f "$PIDFILE"
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
