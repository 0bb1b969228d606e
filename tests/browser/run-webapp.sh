#!/usr/bin/env bash
# Headless-browser checks of the office web app, end to end:
#   bash tests/browser/run-webapp.sh THIDUA_BIN ARTIFACT_DIR
# Runs the demo in a temporary directory, then `thidua node ui` on the demo's
# Mèo Vạc copy on a free loopback port, with no sync server running (the
# office is offline), and runs webapp_check.mjs against it (screenshots go to
# ARTIFACT_DIR). Exits with webapp_check's status, or 77 (skipped) when
# Debian's chromium or the npm packages are not installed.
set -euo pipefail
source "$(dirname "$0")/lib/harness.sh"
browser_setup "$@"

if ! "$bin" demo --dir "$tmp/demo" --content "$repo/content" --site "$tmp/demo-site" >"$tmp/demo.log" 2>&1; then
  echo "run-webapp.sh: thidua demo failed:" >&2
  cat "$tmp/demo.log" >&2
  exit 1
fi

start_bg "$tmp/ui.log" "$bin" node ui --db "$tmp/demo/nodes/meo-vac.db" --listen 127.0.0.1:0
port="$(wait_url "$tmp/ui.log" "$last_pid")"

status=0
run_check webapp_check.mjs "http://127.0.0.1:$port/" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-webapp.sh: webapp_check.mjs exited with $status; the app's log:" >&2
  cat "$tmp/ui.log" >&2
fi
exit "$status"
