# Sourced by tests/browser/run*.sh: what every browser check's runner does.
#   browser_setup THIDUA_BIN ARTIFACT_DIR   sets $here $repo $bin $artifacts $tmp,
#                                           exits 77 (skipped) when chromium, node
#                                           or the npm packages are missing, and
#                                           cleans up (background processes, $tmp)
#                                           on exit
#   start_bg LOG CMD...                     runs CMD in the background, logging to LOG
#   wait_url LOG PID                        prints the port of the first
#                                           http://127.0.0.1:PORT/ in LOG (≤ 10 s)
#   run_check SCRIPT URL                    runs a check (≤ 10 min) and exits with its status

bg_pids=()
check_pid=""

browser_setup() {
  if [ $# -ne 2 ]; then
    echo "usage: bash $(basename "$0") THIDUA_BIN ARTIFACT_DIR" >&2
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
  [ -x "$bin" ] || { echo "$(basename "$0"): $bin is not an executable" >&2; exit 2; }

  tmp="$(mktemp -d)"
  trap browser_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # Run from the temp dir, so nothing is written into the work tree.
  cd "$tmp"
}

# shellcheck disable=SC2317  # called by the EXIT trap
browser_cleanup() {
  local p
  for p in $check_pid "${bg_pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}

start_bg() {
  local log="$1"
  shift
  "$@" >"$log" 2>&1 &
  bg_pids+=($!)
  last_pid=$!
}

wait_url() {
  local log="$1" pid="$2" port=""
  for _ in $(seq 1 100); do  # up to 10 s
    port="$(grep -o 'http://127\.0\.0\.1:[0-9]\+/' "$log" 2>/dev/null | head -n1 | sed 's|.*:\([0-9]*\)/|\1|' || true)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "$(basename "$0"): no address printed within 10 s:" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "$port"
}

# In the background and waited for, so that a TERM or INT reaches the traps
# at once; timeout bounds the whole check.
run_check() {
  local script="$1" url="$2" status=0
  timeout --kill-after=10 600 node "$here/$script" "$url" "$artifacts" &
  check_pid=$!
  wait "$check_pid" || status=$?
  check_pid=""
  return "$status"
}
