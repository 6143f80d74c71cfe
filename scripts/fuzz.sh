#!/usr/bin/env bash
# The long fuzz run; CI runs a short one of the same tests within `cargo test --workspace`.
# Stable Rust has no cargo-fuzz (it needs nightly), so the parsers' fuzz targets are proptest
# properties (`props` modules: the search query parser, the Markdown/mention parser, the image
# header reader, the WebSocket action parser), and the request fuzzer (crates/stoa-tests/tests/
# api/fuzz) sends generated bad requests to every route, on SQLite and PostgreSQL.
# Usage: scripts/fuzz.sh
#   PROPTEST_CASES        cases per property (default 50000; CI: proptest's 256)
#   STOA_FUZZ_ITERATIONS  requests per database (default 30000; CI: 10 per route)
#   STOA_FUZZ_SEED        replays a request-fuzzer run (its seed is printed); STOA_FUZZ_CASE=<i>
#                         only its case i
# A property that fails writes its shrunk case to proptest-regressions/ beside the crate: commit
# it with the fix. A request that fails the server becomes a test in fuzz/regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

export PROPTEST_CASES="${PROPTEST_CASES:-50000}"
export STOA_FUZZ_ITERATIONS="${STOA_FUZZ_ITERATIONS:-30000}"

echo "== properties: PROPTEST_CASES=$PROPTEST_CASES"
cargo test --locked -p stoa-core -p stoa-api --lib -- props::

echo "== request fuzzer: STOA_FUZZ_ITERATIONS=$STOA_FUZZ_ITERATIONS per database"
cargo test --locked -p stoa-tests --test api -- --nocapture fuzz::sqlite:: fuzz::postgres::
