#!/usr/bin/env bash
# Builds thidua and the sync benchmark (release) and runs it.
#   bash bench/run-sync.sh [--throttled] [--rows N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF -DTHIDUA_BENCH=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target thidua sync_bench
./build-bench/sync_bench ./build-bench/thidua content "$@"
