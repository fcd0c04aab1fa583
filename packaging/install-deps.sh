#!/usr/bin/env bash
# Installs, with apt, every Debian 12 package Counter Kiosk builds, runs or is tested with.
# Idempotent: it installs only what is missing and runs `apt-get update` only when it must.
#
#   packaging/install-deps.sh            build + runtime + test packages (what a developer and CI need)
#   packaging/install-deps.sh --runtime  only what the kiosk needs to run (a hall terminal)
#   packaging/install-deps.sh --arm64    the cross toolchain, qemu-user and the arm64 -dev packages (multiarch)
set -euo pipefail

runtime=(
  fonts-noto-cjk
  libsdl2-2.0-0 libstb0 libcamera0.0.3 libportaudio2 libusb-1.0-0 libsqlite3-0
  libavcodec59 libavformat59 libswscale6 libswresample4 libx264-164 libopus0
  libcurl4 libssl3 libfreetype6 libcairo2 libqrencode4 libsystemd0 libtomlplusplus3
)

build=(
  build-essential cmake ninja-build pkg-config git
  clang-14 libclang-rt-14-dev clang-format clang-tidy
  libsdl2-dev libimgui-dev libstb-dev libcamera-dev portaudio19-dev libusb-1.0-0-dev
  libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libx264-dev libopus-dev
  libcurl4-openssl-dev libssl-dev libfreetype-dev libcairo2-dev libqrencode-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libsystemd-dev
)

# Test peers: USB under umockdev, audio without a sound card, UI headless, documents and media inspected.
test_tools=(
  libumockdev-dev umockdev xvfb x11-utils zbar-tools poppler-utils ffmpeg sqlite3
  pulseaudio pulseaudio-utils libasound2-plugins python3 openssl cage
)

# The arm64 build (scripts/cross-build-arm64.sh): every library the tree links, for arm64, beside the amd64 ones.
arm64_libraries=(
  libsdl2-dev libimgui-dev libstb-dev libcamera-dev portaudio19-dev libusb-1.0-0-dev libsqlite3-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libx264-dev libopus-dev
  libcurl4-openssl-dev libssl-dev libfreetype-dev libcairo2-dev libqrencode-dev libtomlplusplus-dev libsystemd-dev
  libgtest-dev libgmock-dev
)

sudo=""
as_root() {  # runs a command as root: directly, or through sudo
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo "$@"
}

wanted=("${runtime[@]}")
case "${1:-}" in
  --runtime) ;;
  --arm64)
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      as_root dpkg --add-architecture arm64
      as_root apt-get update
    fi
    wanted=(crossbuild-essential-arm64 qemu-user-static "${arm64_libraries[@]/%/:arm64}")
    ;;
  *) wanted+=("${build[@]}" "${test_tools[@]}") ;;
esac

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! as_root apt-get install -y --no-install-recommends "${missing[@]}"; then
  # A fresh machine has stale or empty package lists: refresh once and try again.
  as_root apt-get update
  as_root apt-get install -y --no-install-recommends "${missing[@]}"
fi
