#!/usr/bin/env bash
# Builds and runs Stoa on the embedded default (SQLite and files under ./data), serving
# http://127.0.0.1:8065. Set STOA_* variables (see README) to change that.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p stoa
exec target/release/stoa serve "$@"
