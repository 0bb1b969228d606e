#!/usr/bin/env bash
# Headless-browser checks of the public site, end to end:
#   bash tests/browser/run.sh THIDUA_BIN ARTIFACT_DIR
# Builds the demo database and the site in a temporary directory, serves it
# on a free loopback port, and runs site_check.mjs against it (screenshots go
# to ARTIFACT_DIR). Exits with site_check's status, or 77 (skipped) when
# Debian's chromium or the npm packages are not installed
# (bash scripts/install-browser-deps.sh installs both).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: bash tests/browser/run.sh THIDUA_BIN ARTIFACT_DIR" >&2
  exit 2
fi

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
mkdir -p "$2"
artifacts="$(cd "$2" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "browser tests skipped: /usr/bin/chromium is missing (bash scripts/install-browser-deps.sh)"
  exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "browser tests skipped: tests/browser/node_modules is missing (bash scripts/install-browser-deps.sh)"
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "browser tests skipped: node is missing"
  exit 77
fi
[ -x "$bin" ] || { echo "run.sh: $bin is not an executable" >&2; exit 2; }

tmp="$(mktemp -d)"
server_pid=""
check_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ -n "$check_pid" ]; then
    kill "$check_pid" 2>/dev/null || true
    wait "$check_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run from the temp dir, so nothing is written into the work tree.
cd "$tmp"

if ! "$bin" demo --dir "$tmp/demo" --content "$repo/content" --site "$tmp/demo-site" >"$tmp/demo.log" 2>&1; then
  echo "run.sh: thidua demo failed:" >&2
  cat "$tmp/demo.log" >&2
  exit 1
fi
if ! "$bin" site build --db "$tmp/demo/central.db" --content "$repo/content" --out "$tmp/public" >"$tmp/build.log" 2>&1; then
  echo "run.sh: thidua site build failed:" >&2
  cat "$tmp/build.log" >&2
  exit 1
fi

"$bin" site serve --out "$tmp/public" --listen 127.0.0.1:0 >"$tmp/serve.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 100); do  # up to 10 s
  port="$(grep -o 'http://127\.0\.0\.1:[0-9]\+/' "$tmp/serve.log" 2>/dev/null | head -n1 | sed 's|.*:\([0-9]*\)/|\1|' || true)"
  [ -n "$port" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "run.sh: the preview server did not print its address within 10 s:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi

# In the background and waited for, so that a TERM or INT reaches the traps
# at once; timeout bounds the whole check.
timeout --kill-after=10 600 node "$here/site_check.mjs" "http://127.0.0.1:$port" "$artifacts" &
check_pid=$!
status=0
wait "$check_pid" || status=$?
check_pid=""
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "run.sh: site_check.mjs exited with $status; preview server log:" >&2
  cat "$tmp/serve.log" >&2
fi
exit "$status"
