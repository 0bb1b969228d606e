#!/usr/bin/env bash
# Builds the office web app's page benchmark (release) and runs it: a
# district's copy and the province's, each with the 2021 plan, 10,000 stories
# and a year of reports (bench/webapp_seed.h), every page of both asked over
# HTTP on 127.0.0.1 (issue 12's budget: median < 50 ms, p95 < 150 ms).
#   bash bench/run-webapp.sh [--stories N] [--requests R]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-bench-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF -DTHIDUA_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build build-bench -j"$(nproc)" --target webapp_bench
echo "load: $(uptime)"
./build-bench/webapp_bench --content content "$@"
