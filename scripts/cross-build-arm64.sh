#!/usr/bin/env bash
# The arm64 build for the ARM boards at the counters, on a Debian 12 amd64 machine: installs the cross toolchain,
# qemu-user-static and the arm64 -dev packages (Debian multiarch), cross-compiles the whole tree (the kiosk, the UI,
# the drivers) into build-arm64/, and runs the unit tests that need no device, no server and no display under
# qemu-user; then packages it: build-arm64/counter-kiosk_<version>_arm64.deb.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
packaging/install-deps.sh --arm64
cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BENCH=OFF >/dev/null
cmake --build build-arm64 -j"$jobs"
readelf -h build-arm64/kiosk/app/kiosk | grep -q "AArch64" || { echo "the kiosk was not built for arm64" >&2; exit 1; }
qemu-aarch64-static build-arm64/kiosk/app/kiosk --version
(cd build-arm64 && ctest -j"$jobs" --output-on-failure)
# And its package, for a board: build-arm64/counter-kiosk_<version>_arm64.deb.
rm -f build-arm64/counter-kiosk_*.deb
(cd build-arm64 && cpack -G DEB >/dev/null)
[[ $(dpkg-deb -f build-arm64/counter-kiosk_*_arm64.deb Architecture) == arm64 ]] \
  || { echo "the package is not arm64" >&2; exit 1; }
echo "arm64: ok — $(ls build-arm64/counter-kiosk_*_arm64.deb)"
