#!/usr/bin/env bash
# The Debian package of the kiosk for this machine's architecture: build/counter-kiosk_<version>_<arch>.deb.
# (For the arm64 boards: scripts/cross-build-arm64.sh, then cpack -G DEB in build-arm64/.)
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
(cd build && cpack -G DEB)
