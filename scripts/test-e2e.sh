#!/usr/bin/env bash
# Runs the web app's browser tests (webapp/e2e, playwright-core driving Debian's Chromium), each
# against a fresh `stoa` (SQLite, empty data dir) that serves the web app it was built with:
#   1. chat.test.mjs: two people chatting, through every main flow, and a server restart;
#   2. apps.test.mjs: synced drafts across two browsers of one user, team icons, a manual time
#      zone, the server-side channel browser, a group message turned into a private channel, the
#      System Console's push and email settings and a user's own push and email choices;
#   3. integrations.test.mjs: an incoming webhook, a message button, a custom slash command, an
#      integration's dialog, OAuth 2.0 consent (signed in and through the login), a personal
#      access token, against a small integration the test runs on 127.0.0.1;
#   4. perf.test.mjs: first messages in a 10,000-post channel, scrolling back 1,000 posts; it
#      prints `perf:` lines with the figures of BENCHMARKS.md.
#   STOA_BIN   server binary (default target/debug/stoa; build the web app before it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${STOA_BIN:-$ROOT/target/debug/stoa}"
exec "$ROOT/scripts/webapp.sh" e2e "$BIN"
