#!/usr/bin/env bash
# Runs Counter Kiosk on this machine with simulated devices; installs what it needs (apt) and builds first.
#   scripts/run-kiosk.sh              the kiosk: the touch UI in a window when there is a display (X11 or
#                                     Wayland), with its data in ./kiosk-data; without a display, a whole scripted
#                                     intake, headless (`kiosk demo`), with the case file left in ./demo-out
#   scripts/run-kiosk.sh ARGS…        `kiosk ARGS…` (for example: --help, store check --data demo-out)
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh >/dev/null
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target kiosk >/dev/null
kiosk=build/kiosk/app/kiosk
if (($# > 0)); then exec "$kiosk" "$@"; fi

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
  data=${KIOSK_DATA_DIR:-$PWD/kiosk-data}
  cat <<MSG
Counter Kiosk with simulated devices; data in $data.
Sign in as 李明 (S001) with PIN 123456 — or 王芳 (S002, supervisor) 234567, 赵工 (T900, technician) 900900.
MSG
  exec "$kiosk" --simulate --windowed --data "$data"
fi

out=${KIOSK_DEMO_DIR:-$PWD/demo-out}
"$kiosk" demo --out "$out" --seconds "${KIOSK_DEMO_SECONDS:-30}"
printf '\nThe terminal, as a technician checks it (kiosk doctor, on the simulated devices):\n'
"$kiosk" --simulate --data "$out" doctor 2>/dev/null || true
cat <<MSG

There is no display here, so this was the headless scripted intake (the touch UI needs X11 or Wayland; under a
display the same command opens it). Look at the case file:   ls -R $out/cases
Check it independently:  $kiosk archive verify <case file>   (or sha256sum -c manifest-sha256.txt inside it)
Check the database:      $kiosk --data $out store check
Check the terminal:      $kiosk --simulate --data $out doctor
MSG
