# Cross-building for the ARM boards counters use (arm64), on a Debian 12 amd64 machine with multiarch:
#   dpkg --add-architecture arm64; apt-get install crossbuild-essential-arm64 qemu-user-static <the -dev:arm64>
#   cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
# (scripts/cross-build-arm64.sh does all of it.) No sysroot: Debian's multiarch puts the arm64 libraries in
# /usr/lib/aarch64-linux-gnu, which the cross compiler and CMake (CMAKE_LIBRARY_ARCHITECTURE) look in, beside the
# shared headers in /usr/include. Test binaries run under qemu-user-static.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkg-config reads the arm64 .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
find_program(KIOSK_QEMU_AARCH64 qemu-aarch64-static)
if(KIOSK_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${KIOSK_QEMU_AARCH64})
endif()
