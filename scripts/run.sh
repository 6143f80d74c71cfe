#!/usr/bin/env bash
# Builds the web app and the server and runs Stoa on the embedded default (SQLite and files under ./data), serving
# http://127.0.0.1:8065. Set STOA_* variables (see README) to change that.
set -euo pipefail
cd "$(dirname "$0")/.."
# The web app is baked into the binary, so it is built first (npm ci + vite build).
if command -v npm >/dev/null 2>&1; then
    scripts/webapp.sh build
else
    echo "npm not found: building the server without the web app (the API works without it)" >&2
fi
cargo build --release --locked -p stoa
exec target/release/stoa serve "$@"
