#!/usr/bin/env bash
# Builds thidua and the site benchmark (release) and runs it against hugo.
#   bash bench/run-site.sh [--stories N] [--runs R]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-bench-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF -DTHIDUA_BENCH=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target thidua site_bench
./build-bench/site_bench ./build-bench/thidua content "$@"
