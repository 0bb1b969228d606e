#!/usr/bin/env bash
# Headless-browser checks of the province's pages of the office web app
# (issue 13: Báo cáo, the report, Hội đồng):
#   bash tests/browser/run-province.sh THIDUA_BIN ARTIFACT_DIR
# Runs the demo in a temporary directory, adds to the demo's Ban TĐKT copy
# (the province's node) a council session and a nomination the council
# approved on it (through the CLI), starts `thidua node ui` on it
# on a free loopback port with no sync server running, and runs
# province_check.mjs against it (screenshots go to ARTIFACT_DIR). Exits with
# province_check's status, or 77 (skipped) when Debian's chromium or the npm
# packages are not installed.
set -euo pipefail
source "$(dirname "$0")/lib/harness.sh"
browser_setup "$@"

if ! "$bin" demo --dir "$tmp/demo" --content "$repo/content" --site "$tmp/demo-site" >"$tmp/demo.log" 2>&1; then
  echo "run-province.sh: thidua demo failed:" >&2
  cat "$tmp/demo.log" >&2
  exit 1
fi
db="$tmp/demo/nodes/ban-tdkt.db"
# The CLI's steps, each printing on failure what it said.
step() {
  local out
  if ! out="$("$@" 2>&1)"; then
    echo "run-province.sh: $* failed:" >&2
    echo "$out" >&2
    exit 1
  fi
  printf '%s\n' "$out"
}
session="$(step "$bin" node session add --db "$db" --year 2021 --quarter 2 \
  --title "Phiên họp Hội đồng TĐKT tỉnh Quý II/2021" --place "Hội trường UBND tỉnh" --held-on 2021-06-15)"
printf 'Dạy **200** em học chữ ở xã Lũng Cú.\n' >"$tmp/thanh-tich.md"
# province_check.mjs finds the nomination on the agenda by this name: one the
# demo does not use (its own nominations may be on the same agendas).
export PROVINCE_NOMINEE="Vàng Thị Dung"
nomination="$(step "$bin" node nominate --db "$db" --nominee "$PROVINCE_NOMINEE" --kind individual \
  --award-kind bang-khen-chu-tich-ubnd-tinh --achievement-file "$tmp/thanh-tich.md")"
step "$bin" node nomination appraise --db "$db" --id "$nomination" --note "Đủ điều kiện" --on 2021-06-01 >/dev/null
step "$bin" node nomination schedule --db "$db" --id "$nomination" --session "$session" >/dev/null
step "$bin" node nomination decide --db "$db" --id "$nomination" --approve >/dev/null

start_bg "$tmp/ui.log" "$bin" node ui --db "$db" --listen 127.0.0.1:0
port="$(wait_url "$tmp/ui.log" "$last_pid")"

status=0
run_check province_check.mjs "http://127.0.0.1:$port/" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-province.sh: province_check.mjs exited with $status; the app's log:" >&2
  cat "$tmp/ui.log" >&2
fi
exit "$status"
