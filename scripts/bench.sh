#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md: a release `stoa` in its own process per backend, driven
# by `stoa-bench` from another process over loopback.
# Usage: scripts/bench.sh [posts|ws|files|search|hooks|push]
#   push:  a channel of BENCH_PUSH_MEMBERS (5000) of whom BENCH_PUSH_PHONES (1000) have a phone
#          and want every message: post → last push handed to an in-process push proxy, and
#          POST /posts latency with pushes off and on.
#   posts: BENCH_POSTS, BENCH_CLIENTS, BENCH_MEMBERS tune the load.
#   ws:    ws-idle, ws-fanout and ws-reconnect, each on a fresh server. BENCH_WS_SOCKETS (19000),
#          BENCH_WS_LISTENERS (1000), BENCH_WS_RATES (posts/s, comma-separated), BENCH_WS_SECONDS,
#          BENCH_WS_CLIENTS (1000) tune them; BENCH_WS_ONLY=idle|fanout|reconnect runs one.
#   hooks: the posts load through incoming webhooks beside REST posts, and REST posts while an
#          outgoing webhook's receiver answers after 10 s.
#   files: upload throughput, 12 MP JPEG rendering and peak memory of a 100 MB upload, on the
#          local file store (the database only holds one row per file).
#   search: a generated corpus written straight into the server's database (users, channels and
#          memberships over the API), then post search over the API: generation posts/s, size
#          on disk, latency per query kind. BENCH_SEARCH_POSTS (1000000), BENCH_SEARCH_CHANNELS
#          (200), BENCH_SEARCH_USERS (300), BENCH_SEARCH_REPEAT (200) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."

which=${1:-posts}
cargo build --release --locked -p stoa -p stoa-bench >/dev/null
STOA=target/release/stoa
BENCH=target/release/stoa-bench

# Open files for the WebSocket runs: 20,000 or as many as allowed, for server and bench alike.
NOFILE=20000
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$NOFILE" ]; then NOFILE=$hard; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts a fresh server for $1 (sqlite|postgres); sets SERVER_PID, URL, DIR, DB. Returns 1 when
# the backend is not available.
start_server() {
  local backend=$1 port dburl=""
  DIR=$(mktemp -d)
  port=$(free_port)
  DB=""
  if [ "$backend" = postgres ]; then
    if ! pg_isready -q -h 127.0.0.1; then echo "SKIPPED postgres: not reachable"; rm -rf "$DIR"; return 1; fi
    DB="stoa_bench_$$_$RANDOM"
    psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $DB" >/dev/null
    dburl="postgres://postgres@127.0.0.1:5432/$DB"
  fi
  # `exec` keeps the pid: it is the server's, so the bench can read /proc/<pid>/status.
  (
    ulimit -n "$NOFILE"
    STOA_LISTEN=127.0.0.1:$port STOA_DATA_DIR=$DIR STOA_DATABASE_URL=$dburl STOA_LOG=warn STOA_DB_MAX_CONNECTIONS=20 \
      exec $STOA serve >"$DIR/server.log" 2>&1
  ) &
  SERVER_PID=$!
  URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -sf "$URL/api/v4/system/ping" >/dev/null && break; sleep 0.1; done
}

stop_server() {
  sleep 1 # let the presence updates of the sockets the bench just closed finish
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "SERVER DIED; last log lines:"; tail -20 "$DIR/server.log"
  fi
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  if grep -qiE 'error|panic' "$DIR/server.log"; then
    echo "server log (warnings and errors, timestamps and ids left out):"
    grep -iE 'warn|error|panic' "$DIR/server.log" | sed -E 's/^[0-9T:.-]+Z +//; s/[a-z0-9]{26}/<id>/g' | sort | uniq -c | sort -rn | head -8
  fi
  if [ -n "$DB" ]; then psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; fi
  rm -rf "$DIR"
}

bench() { (ulimit -n "$NOFILE"; exec $BENCH --url "$URL" --server-pid "$SERVER_PID" "$@"); }

run_posts() {
  local backend=$1
  start_server "$backend" || return 0
  bench posts --label "$backend" \
    --clients "${BENCH_CLIENTS:-16}" --posts "${BENCH_POSTS:-4000}" --members "${BENCH_MEMBERS:-0}" || true
  stop_server
}

run_hooks() {
  local backend=$1
  start_server "$backend" || return 0
  bench hooks --label "$backend" --clients "${BENCH_CLIENTS:-16}" --posts "${BENCH_POSTS:-4000}" || true
  stop_server
}

run_push() {
  local backend=$1
  start_server "$backend" || return 0
  bench push --label "$backend" --members "${BENCH_PUSH_MEMBERS:-5000}" --pushed "${BENCH_PUSH_PHONES:-1000}" || true
  stop_server
}

run_files() {
  local backend=$1
  start_server "$backend" || return 0
  echo "-- $backend"
  bench files || true
  stop_server
}

run_search() {
  local backend=$1 dburl
  start_server "$backend" || return 0
  if [ "$backend" = postgres ]; then dburl="postgres://postgres@127.0.0.1:5432/$DB"; else dburl="sqlite://$DIR/stoa.db"; fi
  bench search --label "$backend" --database-url "$dburl" --posts "${BENCH_SEARCH_POSTS:-1000000}" \
    --channels "${BENCH_SEARCH_CHANNELS:-200}" --users "${BENCH_SEARCH_USERS:-300}" \
    --repeat "${BENCH_SEARCH_REPEAT:-200}" || true
  stop_server
}

run_ws() {
  local backend=$1 only=${BENCH_WS_ONLY:-all}
  local sockets=${BENCH_WS_SOCKETS:-19000}
  # Leave room for the server's own files (database, listener).
  if [ "$sockets" -gt $((NOFILE - 200)) ]; then sockets=$((NOFILE - 200)); fi
  if [ "$only" = all ] || [ "$only" = idle ]; then
    start_server "$backend" || return 0
    bench ws-idle --label "$backend" --sockets "$sockets" || true
    stop_server
  fi
  if [ "$only" = all ] || [ "$only" = fanout ]; then
    start_server "$backend" || return 0
    bench ws-fanout --label "$backend" --listeners "${BENCH_WS_LISTENERS:-1000}" --posters 4 \
      --rate "${BENCH_WS_RATES:-50,100,150,200}" --seconds "${BENCH_WS_SECONDS:-10}" || true
    stop_server
  fi
  if [ "$only" = all ] || [ "$only" = reconnect ]; then
    start_server "$backend" || return 0
    bench ws-reconnect --label "$backend" --clients "${BENCH_WS_CLIENTS:-1000}" || true
    stop_server
  fi
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); open files for server and bench: $NOFILE"
case $which in
  posts) run_posts sqlite; run_posts postgres ;;
  ws) run_ws sqlite; run_ws postgres ;;
  files) run_files sqlite; run_files postgres ;;
  hooks) run_hooks sqlite; run_hooks postgres ;;
  search) run_search sqlite; run_search postgres ;;
  push) run_push sqlite; run_push postgres ;;
  *) echo "unknown benchmark: $which (posts|ws|files|search|hooks|push)"; exit 2 ;;
esac
