#!/usr/bin/env bash
# Builds the photo benchmark (release) and runs it against ImageMagick's
# convert (the real one: /usr/bin/convert, from the imagemagick package).
#   bash bench/run-photo.sh [--runs R] [--width W --height H]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-bench-deps.sh  # and ImageMagick, the reference
[ -x /usr/bin/convert ] || { echo "run-photo: /usr/bin/convert is missing (bash scripts/install-bench-deps.sh)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DTHIDUA_TESTS=OFF -DTHIDUA_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build build-bench -j"$(nproc)" --target photo_bench
echo "load: $(uptime)"
./build-bench/photo_bench --convert /usr/bin/convert "$@"
