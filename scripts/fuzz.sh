#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan in
# build-fuzz, then runs each for SECONDS (default 60) on a copy of its
# committed corpus. Fails on a crash, a leak, a timeout (one input over 10 s)
# or an input using more than 2 GB; the input that did it is kept as
# build-fuzz/artifacts/<target>-crash-... and the log as build-fuzz/<target>.log.
#
#   bash scripts/fuzz.sh [SECONDS]
#
# Reproduce a finding: build-fuzz/fuzz/<target> build-fuzz/artifacts/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets=(fuzz_sync_protocol fuzz_plan_loader fuzz_markdown fuzz_document_sniff)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTHIDUA_FUZZ=ON \
  -DTHIDUA_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build-fuzz/artifacts
failed=0
for t in "${targets[@]}"; do
  # New inputs go to the build folder's copy; the committed corpus stays small.
  work="build-fuzz/corpus/$t"
  mkdir -p "$work"
  log="build-fuzz/$t.log"
  # A target's own dictionary (fuzz/<name>.dict) where it has one; JSON's otherwise.
  dict="fuzz/${t#fuzz_}.dict"
  [[ -f "$dict" ]] || dict=fuzz/json.dict
  echo "fuzz: $t for ${seconds}s" >&2
  if build-fuzz/fuzz/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
      -dict="$dict" -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t-" \
      "$work" "fuzz/corpus/$t" >"$log" 2>&1; then
    # The last status line: "#N DONE cov: C ft: F corp: ... exec/s: E ..."
    grep -E '^#[0-9]+' "$log" | tail -n 1 >&2 || true
  else
    failed=1
    echo "fuzz: $t FAILED; the end of $log:" >&2
    tail -n 60 "$log" >&2
  fi
done
exit "$failed"
