#!/usr/bin/env bash
# Builds thidua and the sync benchmark (release) and runs it, with its peers
# in the same run: the PouchDB peer (bench/pouchdb, npm ci when needed) and
# the load scenario against a baseline commit's server (built once into
# build-baseline/ from a git worktree).
#   bash bench/run-sync.sh [--quick] [--push-only | --load-only | --snapshot-only] [--throttled] [--rows N] [--runs R]
#                          [--snapshot N] [--adapter leveldb|memory]
#                          [--baseline COMMIT | --no-baseline] [--no-peer]
# Defaults: 10,000 rows, 3 runs, baseline 33341be (the server before issue 10).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
baseline=33341be
peer=1
args=()
while (($#)); do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --no-baseline) baseline=""; shift ;;
    --no-peer) peer=0; shift ;;
    --push-only) baseline=""; args+=("$1"); shift ;;  # the baseline only serves the load
    *) args+=("$1"); shift ;;
  esac
done

bash scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF -DTHIDUA_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build build-bench -j"$(nproc)" --target thidua sync_bench

if ((peer)); then
  pouch="$repo/bench/pouchdb"
  command -v npm >/dev/null || { echo "run-sync: npm is missing (install Debian's nodejs and npm, or pass --no-peer)" >&2; exit 1; }
  if [ ! -d "$pouch/node_modules" ] || [ "$pouch/package-lock.json" -nt "$pouch/node_modules" ]; then
    echo "run-sync: npm ci in bench/pouchdb" >&2
    (cd "$pouch" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$pouch/node_modules"  # npm ci may keep the directory's old mtime
  fi
  args+=(--pouchdb "$pouch")
fi

if [ -n "$baseline" ]; then
  want="$(git rev-parse --verify "$baseline^{commit}")"
  src=build-baseline/src
  if [ ! -d "$src" ] || [ "$(git -C "$src" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
    if [ -d "$src" ]; then git worktree remove --force "$src" 2>/dev/null || rm -rf "$src"; fi
    git worktree prune
    echo "run-sync: building the baseline $baseline in build-baseline/ (once)" >&2
    git worktree add --detach "$src" "$want" >/dev/null 2>&1 ||
      { echo "run-sync: cannot check out $baseline into $src" >&2; exit 1; }
  fi
  cmake -S "$src" -B build-baseline/build -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF "${launcher[@]}" >/dev/null
  cmake --build build-baseline/build -j"$(nproc)" --target thidua >build-baseline/build.log 2>&1 ||
    { tail -20 build-baseline/build.log >&2; exit 1; }
  args+=(--baseline-bin "$repo/build-baseline/build/thidua" --baseline-content "$repo/$src/content"
         --baseline-name "$baseline")
fi

./build-bench/sync_bench ./build-bench/thidua content "${args[@]}"
