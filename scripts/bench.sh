#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md: a release `stoa` in its own process per backend, driven
# by `stoa-bench` from another process over loopback.
# Usage: scripts/bench.sh [posts]     (BENCH_POSTS, BENCH_CLIENTS, BENCH_MEMBERS tune the load)
set -euo pipefail
cd "$(dirname "$0")/.."

which=${1:-posts}
cargo build --release --locked -p stoa -p stoa-bench >/dev/null
STOA=target/release/stoa
BENCH=target/release/stoa-bench

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_backend() {
  local backend=$1 dir port url db=""
  dir=$(mktemp -d)
  port=$(free_port)
  url=""
  if [ "$backend" = postgres ]; then
    if ! pg_isready -q -h 127.0.0.1; then echo "SKIPPED postgres: not reachable"; return; fi
    db="stoa_bench_$$_$RANDOM"
    psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db" >/dev/null
    url="postgres://postgres@127.0.0.1:5432/$db"
  fi
  STOA_LISTEN=127.0.0.1:$port STOA_DATA_DIR=$dir STOA_DATABASE_URL=$url STOA_LOG=warn STOA_DB_MAX_CONNECTIONS=20 \
    $STOA serve >"$dir/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v4/system/ping" >/dev/null && break; sleep 0.1; done
  case $which in
    posts)
      $BENCH --url "http://127.0.0.1:$port" posts --label "$backend" \
        --clients "${BENCH_CLIENTS:-16}" --posts "${BENCH_POSTS:-4000}" --members "${BENCH_MEMBERS:-0}"
      ;;
  esac
  kill -TERM $pid; wait $pid 2>/dev/null || true
  [ -n "$db" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  rm -rf "$dir"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run_backend sqlite
run_backend postgres
