#!/usr/bin/env bash
# The office web app's whole story in a headless browser (issue 12):
#   bash tests/browser/run-story.sh THIDUA_BIN ARTIFACT_DIR
# Runs the demo in a temporary directory, then `thidua node ui` for a
# district (Yên Minh) and for the province (Ban TĐKT), and `thidua site
# serve` over the folder the sync server will rebuild the public site into.
# The sync server itself is started by story_check.mjs half way through (the
# office works offline first). Exits with story_check's status, or 77
# (skipped) when Debian's chromium or the npm packages are not installed.
set -euo pipefail
source "$(dirname "$0")/lib/harness.sh"
browser_setup "$@"

if ! "$bin" demo --dir "$tmp/demo" --content "$repo/content" --site "$tmp/demo-site" >"$tmp/demo.log" 2>&1; then
  echo "run-story.sh: thidua demo failed:" >&2
  cat "$tmp/demo.log" >&2
  exit 1
fi
central="$(ls "$tmp/demo"/*.db | head -n1)"
nodes="$tmp/demo/nodes"
# Nothing answers here: until the server starts, a sync fails as offline.
for db in "$nodes/yen-minh.db" "$nodes/ban-tdkt.db"; do
  "$bin" node set-server --db "$db" --url "http://127.0.0.1:9" >/dev/null
done
mkdir -p "$tmp/site-out"

start_bg "$tmp/district.log" "$bin" node ui --db "$nodes/yen-minh.db" --listen 127.0.0.1:0
district_port="$(wait_url "$tmp/district.log" "$last_pid")"
start_bg "$tmp/province.log" "$bin" node ui --db "$nodes/ban-tdkt.db" --listen 127.0.0.1:0
province_port="$(wait_url "$tmp/province.log" "$last_pid")"
start_bg "$tmp/site.log" "$bin" site serve --out "$tmp/site-out" --listen 127.0.0.1:0
site_port="$(wait_url "$tmp/site.log" "$last_pid")"

cat >"$tmp/story.json" <<EOF
{
  "district": "http://127.0.0.1:$district_port/",
  "province": "http://127.0.0.1:$province_port/",
  "site": "http://127.0.0.1:$site_port/",
  "bin": "$bin",
  "centralDb": "$central",
  "siteOut": "$tmp/site-out",
  "nodeDbs": ["$nodes/yen-minh.db", "$nodes/ban-tdkt.db"]
}
EOF

status=0
run_check story_check.mjs "$tmp/story.json" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-story.sh: story_check.mjs exited with $status; the apps' logs:" >&2
  for log in district province site; do
    echo "--- $log" >&2
    cat "$tmp/$log.log" >&2
  done
fi
exit "$status"
