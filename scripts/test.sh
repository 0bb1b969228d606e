#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UBSan (warnings
# are errors) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-browser-deps.sh  # Chromium, playwright-core, axe-core: the browser tests
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_SANITIZE=ON -DTHIDUA_WERROR=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --timeout 600
