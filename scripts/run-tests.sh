#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what it needs (apt), builds, runs.
#   1. RelWithDebInfo build, every test (ctest)
#   2. every libFuzzer target briefly (clang-14), from tests/fuzz/corpus (scripts/run-fuzzers.sh)
#   3. the Debian package: built, installed with apt, checked (kiosk doctor --simulate, systemd-analyze verify),
#      purged (packaging/test-package.sh)
#   4. Debug build under AddressSanitizer + UndefinedBehaviorSanitizer, every test again
#   5. ThreadSanitizer over the threaded tests: recording, uploader, counter and UI (scripts/run-tsan.sh)
#   6. the arm64 cross-build, its device-free unit tests under qemu-user (scripts/cross-build-arm64.sh)
# KIOSK_QUICK=1 stops after 1. KIOSK_FUZZ_SECONDS sets the time per fuzzer (default 10).
# KIOSK_CRASH_ITERATIONS sets how many kill -9 rounds the crash test runs (default 25; 50 for a long run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
stage() { printf '\n== %s\n' "$*"; }

stage "dependencies"
packaging/install-deps.sh

# A second, simpler S3 server for the archive tests, from npm (test-only servers may come from there); without
# npm, or offline, those tests skip and say why. (moto_server, the main one, is in the machine's Python image.)
if command -v npm >/dev/null && [[ ! -x build/s3rver/node_modules/.bin/s3rver ]]; then
  stage "test server s3rver (npm)"
  timeout 300 npm install --prefix build/s3rver --no-audit --no-fund --silent s3rver@3.7.1 \
    || echo "s3rver did not install: its tests will skip"
fi
export KIOSK_S3RVER="$PWD/build/s3rver/node_modules/.bin/s3rver"

stage "build (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
stage "tests"
(cd build && ctest -j"$jobs" --output-on-failure)
[[ "${KIOSK_QUICK:-0}" == 1 ]] && exit 0

stage "Debian package: build, install, check, purge"
packaging/test-package.sh build

stage "fuzzers (clang-14 + libFuzzer, ${KIOSK_FUZZ_SECONDS:-10} s each)"
scripts/run-fuzzers.sh "${KIOSK_FUZZ_SECONDS:-10}"

stage "build and tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON -DKIOSK_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ctest -j"$jobs" --output-on-failure)

stage "ThreadSanitizer: the recording pipeline, the uploader, the counter and the UI"
scripts/run-tsan.sh

stage "arm64: cross-build, and the unit tests that need no device under qemu-user"
scripts/cross-build-arm64.sh
