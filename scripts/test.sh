#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UBSan (warnings
# are errors) and runs every test; runs each libFuzzer target for 45 seconds
# (scripts/fuzz.sh); then builds with ThreadSanitizer and runs every C++ test
# again (the server, the checkpointer and the site generator run threads).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-browser-deps.sh  # Chromium, playwright-core, axe-core: the browser tests
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_SANITIZE=ON -DTHIDUA_WERROR=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --timeout 600

# The libFuzzer targets (fuzz/), 45 s each (four of them: three minutes in all),
# in their own clang build.
bash scripts/fuzz.sh 45

# ThreadSanitizer cannot share a build with ASan. The browser test drives
# Chromium against a site the C++ tests already build: it runs once, above.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DTHIDUA_TSAN=ON -DTHIDUA_WERROR=ON >/dev/null
cmake --build build-tsan -j"$(nproc)"
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
ctest --test-dir build-tsan --output-on-failure --timeout 600 -E browser_test
