#!/usr/bin/env bash
# Headless-browser checks of the public site, end to end:
#   bash tests/browser/run.sh THIDUA_BIN ARTIFACT_DIR
# Builds the demo database and the site in a temporary directory, serves it
# on a free loopback port, and runs site_check.mjs against it (screenshots go
# to ARTIFACT_DIR). Exits with site_check's status, or 77 (skipped) when
# Debian's chromium or the npm packages are not installed
# (bash scripts/install-browser-deps.sh installs both).
set -euo pipefail
source "$(dirname "$0")/lib/harness.sh"
browser_setup "$@"

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

start_bg "$tmp/serve.log" "$bin" site serve --out "$tmp/public" --listen 127.0.0.1:0
port="$(wait_url "$tmp/serve.log" "$last_pid")"

status=0
run_check site_check.mjs "http://127.0.0.1:$port" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "run.sh: site_check.mjs exited with $status; preview server log:" >&2
  cat "$tmp/serve.log" >&2
fi
exit "$status"
