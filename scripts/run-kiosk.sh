#!/usr/bin/env bash
# Runs Counter Kiosk on this machine with simulated devices; installs what it needs (apt) and builds first.
#   scripts/run-kiosk.sh              the kiosk — until the touch UI lands: a whole scripted intake, headless
#                                     (`kiosk demo`), with the case file left in ./demo-out
#   scripts/run-kiosk.sh ARGS…        `kiosk ARGS…` (for example: --help, store check --data demo-out)
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh >/dev/null
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target kiosk >/dev/null
kiosk=build/kiosk/app/kiosk
if (($# > 0)); then exec "$kiosk" "$@"; fi

out=${KIOSK_DEMO_DIR:-$PWD/demo-out}
"$kiosk" demo --out "$out" --seconds "${KIOSK_DEMO_SECONDS:-30}"
cat <<MSG

The touch UI comes with a later release; this was the headless scripted intake with the devices that exist.
Look at the case file:   ls -R $out/cases
Check it independently:  $kiosk archive verify <case file>   (or sha256sum -c manifest-sha256.txt inside it)
Check the database:      $kiosk --data $out store check
MSG
