#!/usr/bin/env bash
# Installs the SMTP server the email tests run (aiosmtpd, into tests/smtp/.venv) and prints the
# Python to export as STOA_TEST_SMTP_PYTHON. The tests start the server themselves
# (tests/smtp/sink.py, one per test on a free port) and stop it; nothing leaves the machine.
#   scripts/smtp-test-sink.sh setup
# The TLS tests also need the `openssl` command (the sink makes a throwaway certificate).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/tests/smtp/.venv"

case "${1:-}" in
setup)
    stamp="$VENV/.installed"
    if [ ! -f "$stamp" ] || [ "$ROOT/tests/smtp/requirements.txt" -nt "$stamp" ]; then
        python3 -m venv "$VENV" >&2
        "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tests/smtp/requirements.txt" >&2
        touch "$stamp"
    fi
    echo "$VENV/bin/python"
    ;;
*)
    echo "usage: $0 setup" >&2
    exit 2
    ;;
esac
