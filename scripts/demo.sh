#!/usr/bin/env bash
# Installs what is missing, builds thidua (release) and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target thidua
./build/thidua demo --dir demo --content content
