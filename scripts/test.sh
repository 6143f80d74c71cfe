#!/usr/bin/env bash
# Runs every check and test of the project: formatting, lints, unit, store-contract and API
# tests (each API test on SQLite and PostgreSQL; file tests also on an S3-compatible server it
# starts; email tests against a real SMTP server), crash safety and database outage against the
# built binary, the third-party client suites, and the web app's unit and end-to-end tests.
# Usage: scripts/test.sh          (CI=true makes missing PostgreSQL a failure instead of a skip)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is not reachable at 127.0.0.1:5432 and CI=true: failing." >&2
    exit 1
  fi
  echo "NOTICE: PostgreSQL is not reachable at 127.0.0.1:5432: the PostgreSQL halves of the tests are skipped."
fi

step "S3-compatible test server (moto, for the S3 file store tests)"
STOA_TEST_S3_ENDPOINT="$(scripts/s3-test-server.sh start)"
export STOA_TEST_S3_ENDPOINT
trap 'scripts/s3-test-server.sh stop' EXIT
echo "$STOA_TEST_S3_ENDPOINT"

step "SMTP test server (aiosmtpd, started by the email tests themselves)"
STOA_TEST_SMTP_PYTHON="$(scripts/smtp-test-sink.sh setup)"
export STOA_TEST_SMTP_PYTHON
echo "$STOA_TEST_SMTP_PYTHON"

step "web app: install, typecheck, build (embedded by the server build below), unit tests"
scripts/webapp.sh build
scripts/webapp.sh test

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

# Also runs crates/stoa/tests/durability: the built binary killed with SIGKILL under load on both
# databases, and a throwaway PostgreSQL cluster of its own (initdb from /usr/lib/postgresql) stopped
# and started under load. Without PostgreSQL's server binaries the outage test is skipped, unless CI=true.
step "cargo test (unit, store contract and API suite on both databases, kill -9 and database outage)"
cargo test --workspace --locked

step "third-party client suites (mattermostdriver, @mattermost/client)"
cargo build -p stoa --locked
scripts/test-clients.sh

step "web app end to end (playwright-core driving Debian's Chromium)"
scripts/test-e2e.sh

printf '\nAll checks passed in %ss.\n' "$(( $(date +%s) - started ))"
