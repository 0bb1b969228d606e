#!/usr/bin/env bash
# The HTML report printed by headless Chromium has A4 pages (issue 13 §4):
#   bash tests/browser/run-report-pdf.sh THIDUA_BIN ARTIFACT_DIR
# Makes a central database from content/, writes the six-month report as
# HTML and runs report_pdf.mjs on it (the PDF goes to ARTIFACT_DIR). 77
# (skipped) without Debian's chromium or the npm packages.
set -euo pipefail
source "$(dirname "$0")/lib/harness.sh"
browser_setup "$@"

if ! "$bin" server init --db "$tmp/central.db" --content "$repo/content" >"$tmp/init.log" 2>&1; then
  echo "run-report-pdf.sh: thidua server init failed:" >&2
  cat "$tmp/init.log" >&2
  exit 1
fi
if ! "$bin" report --db "$tmp/central.db" --kind so-ket-6-thang --year 2021 --today 2021-07-05 \
    --out "$tmp/bao-cao.html" >"$tmp/report.log" 2>&1; then
  echo "run-report-pdf.sh: thidua report failed:" >&2
  cat "$tmp/report.log" >&2
  exit 1
fi
cp "$tmp/bao-cao.html" "$artifacts/report.html"
status=0
timeout --kill-after=10 300 node "$here/report_pdf.mjs" "$tmp/bao-cao.html" "$artifacts" || status=$?
exit "$status"
