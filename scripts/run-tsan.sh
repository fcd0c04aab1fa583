#!/usr/bin/env bash
# ThreadSanitizer over the code that runs on threads of its own: the recording pipeline (camera, microphone,
# encoder, writer, supervisor), the archive uploader, the counter's worker and the UI that reads its snapshots.
# Builds build-tsan/ (Debug, -fsanitize=thread) and runs those tests; any data race fails the run. The three
# 10-minute drift recordings take 2–3 min each under TSan: KIOSK_TSAN_LONG=1 runs them too.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh >/dev/null
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKIOSK_TSAN=ON -DKIOSK_BENCH=OFF >/dev/null
cmake --build build-tsan -j"$(nproc)" --target media_test source_outage_test app_test ui_test
# halt_on_error: the first race fails its test; second_deadlock_stack: both stacks of a lock-order inversion.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
cd build-tsan
skip='_600s'
[[ ${KIOSK_TSAN_LONG:-0} == 1 ]] && skip='^$'
ctest -j"$(nproc)" --output-on-failure -E "$skip" -R '(Recording|AudioAligner|Simulat|SourceOutage|Archive(Queue|Uploader)|KioskUi|RecordedIntake|CameraOutage|IntakeController|Doctor)'
