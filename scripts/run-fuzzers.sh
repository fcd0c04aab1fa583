#!/usr/bin/env bash
# Every libFuzzer target (clang-14), from its seed corpus in tests/fuzz/corpus, for SECONDS each (default 10, as
# in CI; `scripts/run-fuzzers.sh 600` for a long run, or name the targets: `scripts/run-fuzzers.sh 600 s3_xml`).
# New inputs go to a scratch folder — add the interesting ones to the corpus by hand. A failing input is left as
# build-fuzz/crash-* (leak-*, timeout-*) and fails the run: turn it into a regression test, fix, and delete it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${KIOSK_FUZZ_SECONDS:-10}}
shift || true
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)"
if ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* >/dev/null 2>&1; then
  echo "failing inputs from an earlier run are still in build-fuzz/: $(ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* 2>/dev/null)"
  exit 1
fi
names=("$@")
if ((${#names[@]} == 0)); then
  for fuzzer in build-fuzz/tests/fuzz/*_fuzz; do names+=("$(basename "$fuzzer" _fuzz)"); done
fi
for name in "${names[@]}"; do
  fuzzer=build-fuzz/tests/fuzz/${name}_fuzz
  [[ -x $fuzzer ]] || { echo "no fuzz target $name (targets: $(ls build-fuzz/tests/fuzz/ | grep _fuzz$ | sed 's/_fuzz$//' | tr '\n' ' '))"; exit 2; }
  scratch=$(mktemp -d)
  echo "$name: ${seconds} s"
  "$fuzzer" -max_total_time="$seconds" -artifact_prefix=build-fuzz/ "$scratch" "tests/fuzz/corpus/$name" 2>&1 \
    | grep -E '^(Done|==[0-9]+==ERROR|SUMMARY)' || true
  rm -rf "$scratch"
  if ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* >/dev/null 2>&1; then
    echo "fuzzer $name found a failing input: $(ls build-fuzz/crash-* build-fuzz/leak-* build-fuzz/timeout-* 2>/dev/null)"
    exit 1
  fi
done
