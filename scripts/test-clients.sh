#!/usr/bin/env bash
# Runs real third-party Mattermost clients against freshly started Stoa servers:
#   - tests/clients/python: pytest suite driving the PyPI package `mattermostdriver`
#                           (REST, and its websocket loop `Driver.init_websocket`), and a
#                           bot on the `mmpy_bot` framework signed in with a bot's token, and
#                           webhooks and a custom command calling a loopback http.server
#   - tests/clients/js:     node --test suite driving `@mattermost/client` (Client4 for REST,
#                           WebSocketClient over the `ws` package for /api/v4/websocket;
#                           bots, tokens, webhooks and custom commands)
# once on SQLite and once on PostgreSQL (a fresh database per run, dropped afterwards).
#
# Environment:
#   STOA_BIN   server binary to test (default: target/debug/stoa, built with
#              `cargo build -p stoa` when missing)
#   CI=true    a PostgreSQL that is not reachable is a failure instead of a skip
#   PGHOST / PGPORT / PGUSER   where PostgreSQL is (default 127.0.0.1 / 5432 / postgres)
#   STOA_CLIENT_BACKENDS       backends to run, default "sqlite postgres"
#
# Exits non-zero if any suite failed (or a server could not be started).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

PY_DIR="$ROOT/tests/clients/python"
JS_DIR="$ROOT/tests/clients/js"
PG_HOST="${PGHOST:-127.0.0.1}"
PG_PORT="${PGPORT:-5432}"
PG_USER="${PGUSER:-postgres}"
BACKENDS="${STOA_CLIENT_BACKENDS:-sqlite postgres}"

# Credentials of the first (system admin) account; both suites share them because
# only the first sign-up on an empty server becomes system admin.
export STOA_ADMIN_USERNAME="${STOA_ADMIN_USERNAME:-sysadmin}"
export STOA_ADMIN_PASSWORD="${STOA_ADMIN_PASSWORD:-Sys-admin-pw-1}"

START_TS=$(date +%s)

# ---------------------------------------------------------------- clean-up ----
SERVER_PID=""
WORK_DIRS=()
PG_DBS=()

stop_server() {
    local pid="$SERVER_PID"
    [[ -n "$pid" ]] || return 0
    SERVER_PID=""
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "WARNING: stoa (pid $pid) ignored SIGTERM for 10s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    stop_server
    local db dir
    for db in "${PG_DBS[@]+"${PG_DBS[@]}"}"; do
        dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$db" >/dev/null 2>&1 ||
            echo "WARNING: could not drop PostgreSQL database $db" >&2
    done
    for dir in "${WORK_DIRS[@]+"${WORK_DIRS[@]}"}"; do
        rm -rf "$dir"
    done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ helpers ----
hr() { printf '%s\n' "======================================================================"; }

free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# --------------------------------------------------------------- the binary ----
if [[ -n "${STOA_BIN:-}" ]]; then
    [[ -x "$STOA_BIN" ]] || { echo "ERROR: STOA_BIN=$STOA_BIN is not an executable file" >&2; exit 1; }
else
    STOA_BIN="$ROOT/target/debug/stoa"
    if [[ ! -x "$STOA_BIN" ]]; then
        echo "== $STOA_BIN missing: cargo build -p stoa"
        cargo build -p stoa
    fi
fi
STOA_BIN="$(cd "$(dirname "$STOA_BIN")" && pwd)/$(basename "$STOA_BIN")"
echo "Server binary: $STOA_BIN"

# ------------------------------------------------------ client dependencies ----
setup_python() {
    local venv="$PY_DIR/.venv" stamp want
    stamp="$venv/.requirements.sha256"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c '' 2>/dev/null; then
        echo "== creating Python venv in tests/clients/python/.venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    # Reinstall when requirements.txt or the venv's Python changes.
    want="$(sha "$PY_DIR/requirements.txt") $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        echo "== installing tests/clients/python/requirements.txt"
        rm -f "$stamp"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$PY_DIR/requirements.txt"
        echo "$want" >"$stamp"
    fi
}

setup_js() {
    local stamp want
    stamp="$JS_DIR/node_modules/.package-lock.sha256"
    want="$(sha "$JS_DIR/package-lock.json")"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        echo "== npm ci in tests/clients/js"
        (cd "$JS_DIR" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$want" >"$stamp"
    fi
}

setup_python
setup_js

# ------------------------------------------------------------ one backend ----
RESULTS=()      # "backend/suite: PASS|FAIL|SKIPPED (...)"
PASSED=0
FAILED=0
SKIPPED=0

record() { # backend suite status [note]
    RESULTS+=("$(printf '%-9s %-7s %s' "$1" "$2" "$3${4:+ ($4)}")")
    case "$3" in
        PASS) PASSED=$((PASSED + 1)) ;;
        FAIL) FAILED=$((FAILED + 1)) ;;
        SKIPPED) SKIPPED=$((SKIPPED + 1)) ;;
    esac
}

# start_server backend workdir [database_url]; sets SERVER_PID and STOA_URL
start_server() {
    local backend="$1" dir="$2" db_url="${3:-}" port
    port="$(free_port)"
    export STOA_URL="http://127.0.0.1:$port"
    (
        export STOA_LISTEN="127.0.0.1:$port" STOA_DATA_DIR="$dir/data"
        if [[ -n "$db_url" ]]; then export STOA_DATABASE_URL="$db_url"; else unset STOA_DATABASE_URL; fi
        exec "$STOA_BIN"
    ) >"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 300; i++)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            wait "$SERVER_PID" 2>/dev/null || true
            SERVER_PID=""
            echo "ERROR: stoa exited during start-up ($backend). Log:" >&2
            tail -n 40 "$dir/server.log" >&2
            return 1
        fi
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$STOA_URL/api/v4/system/ping" || true)" == 200 ]]; then
            echo "stoa up at $STOA_URL (pid $SERVER_PID, $backend)"
            return 0
        fi
        sleep 0.1
    done
    echo "ERROR: stoa did not answer /api/v4/system/ping within 30s ($backend). Log:" >&2
    tail -n 40 "$dir/server.log" >&2
    stop_server
    return 1
}

run_backend() {
    local backend="$1" dir db_url="" t0 failed_before="$FAILED"
    t0=$(date +%s)
    echo
    hr
    echo "== Backend: $backend"
    hr

    if [[ "$backend" == postgres ]]; then
        if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 5 2>/dev/null; then
            if [[ "${CI:-}" == true ]]; then
                echo "FAILED: PostgreSQL not reachable at $PG_HOST:$PG_PORT (CI=true, so this is an error)"
                record postgres all FAIL "PostgreSQL not reachable"
            else
                echo "SKIPPED: PostgreSQL not reachable at $PG_HOST:$PG_PORT (set CI=true to make this fatal)"
                record postgres all SKIPPED "PostgreSQL not reachable"
            fi
            return 0
        fi
        local db
        db="stoa_clients_$(date +%s)_$$_$RANDOM"
        if ! createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"; then
            echo "ERROR: createdb $db failed" >&2
            record postgres all FAIL "createdb failed"
            return 0
        fi
        PG_DBS+=("$db")
        db_url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$db"
        echo "database: $db_url"
    fi

    dir="$(mktemp -d "${TMPDIR:-/tmp}/stoa-clients-$backend.XXXXXX")"
    WORK_DIRS+=("$dir")

    if ! start_server "$backend" "$dir" "$db_url"; then
        record "$backend" all FAIL "server did not start"
        return 0
    fi

    echo
    echo "-- $backend: Python (mattermostdriver) --"
    if (cd "$PY_DIR" && .venv/bin/python -m pytest -q --tb=short -p no:cacheprovider); then
        record "$backend" python PASS
    else
        record "$backend" python FAIL
    fi

    echo
    echo "-- $backend: JavaScript (@mattermost/client Client4 + WebSocketClient) --"
    if (cd "$JS_DIR" && node --test --test-concurrency=1 --test-reporter=spec test/); then
        record "$backend" js PASS
    else
        record "$backend" js FAIL
    fi

    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "ERROR: stoa died during the $backend run. Log tail:" >&2
        tail -n 40 "$dir/server.log" >&2
        record "$backend" server FAIL "server died"
    fi
    stop_server
    if [[ "$FAILED" -gt "$failed_before" ]]; then
        echo "(last lines of the $backend server log)"
        tail -n 30 "$dir/server.log" | sed 's/^/  | /'
    fi
    echo "$backend done in $(($(date +%s) - t0))s"
}

for backend in $BACKENDS; do
    case "$backend" in
        sqlite | postgres) run_backend "$backend" ;;
        *) echo "ERROR: unknown backend '$backend' (want sqlite or postgres)" >&2; exit 2 ;;
    esac
done

# ------------------------------------------------------------------ summary ----
echo
hr
echo "== Client suites summary ($(($(date +%s) - START_TS))s)"
hr
printf '  %s\n' "${RESULTS[@]}"
echo "client-suites: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[[ "$FAILED" -eq 0 ]]
