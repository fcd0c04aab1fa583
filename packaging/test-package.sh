#!/usr/bin/env bash
# The Debian package on this machine, as a technician would use it: built from the build folder with CPack,
# installed with apt, checked from its installed paths (conffile, user and groups, state folder, udev rules, units
# through systemd-analyze verify, `kiosk doctor --simulate` as the service user), then purged twice — empty, it
# leaves nothing behind; with recorded data, the data and its owner stay.
#   packaging/test-package.sh [BUILD_DIR]      (root, or sudo; the machine must not have the package already)
set -euo pipefail
build=${1:-build}
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf -- '-- %s\n' "$*"; }
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

if dpkg-query -W -f='${Status}' counter-kiosk 2>/dev/null | grep -q "install ok installed"; then
  echo "SKIP: counter-kiosk is installed on this machine already; the package test leaves it alone"
  exit 0
fi
[[ -e /var/lib/counter-kiosk ]] && fail "/var/lib/counter-kiosk exists without the package: move it away first"

step "build the package (cpack)"
rm -f "$build"/counter-kiosk_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(realpath "$build"/counter-kiosk_*.deb)
dpkg-deb -f "$deb" Depends | grep -q "fonts-noto-cjk" || fail "Depends lacks fonts-noto-cjk"
dpkg-deb -f "$deb" Depends | grep -q "libsqlite3-0" || fail "Depends were not computed from the shared libraries"

install_package() {
  $sudo apt-get install -y --no-install-recommends "$deb" >/dev/null 2>&1 \
    || { $sudo apt-get install -y --no-install-recommends "$deb"; fail "apt-get install"; }
}
purge_package() { $sudo apt-get purge -y counter-kiosk 2>&1; }

step "install with apt"
install_package
[[ -x /usr/bin/kiosk ]] || fail "no /usr/bin/kiosk"
dpkg-query -W -f='${Conffiles}\n' counter-kiosk | grep -q "/etc/counter-kiosk/kiosk.toml" || fail "kiosk.toml is no conffile"
[[ $(stat -c '%U:%G %a' /var/lib/counter-kiosk) == "counter-kiosk:counter-kiosk 750" ]] \
  || fail "state folder: $(stat -c '%U:%G %a' /var/lib/counter-kiosk)"
for group in video audio input render; do
  id -nG counter-kiosk | tr ' ' '\n' | grep -qx "$group" || fail "counter-kiosk is not in group $group"
done
[[ $(getent passwd counter-kiosk | cut -d: -f7) == /usr/sbin/nologin ]] || fail "the service user can log in"
grep -q 'GROUP="counter-kiosk"' /lib/udev/rules.d/69-counter-kiosk.rules || fail "udev rules"
/usr/bin/kiosk config check /etc/counter-kiosk/kiosk.toml >/dev/null || fail "the shipped config does not check"
[[ -f /usr/share/counter-kiosk/catalog/materials.toml ]] || fail "assets"

step "systemd-analyze verify the installed units"
for unit in counter-kiosk.service counter-kiosk-kmsdrm.service; do
  if [[ $unit == counter-kiosk.service && ! -x /usr/bin/cage ]]; then
    echo "   (cage not installed: $unit verified with its ExecStart on the kiosk alone)"
    sed 's|^ExecStart=/usr/bin/cage -s -- |ExecStart=|' "/lib/systemd/system/$unit" > "/tmp/$unit"
    out=$(systemd-analyze verify "/tmp/$unit" 2>&1) || fail "$unit: $out"
    rm -f "/tmp/$unit"
  else
    out=$(systemd-analyze verify "/lib/systemd/system/$unit" 2>&1) || fail "$unit: $out"
  fi
  [[ -z $out ]] || fail "$unit: systemd-analyze says: $out"
done

step "kiosk doctor --simulate, from the installed path, as the service user"
run_as_service() { (cd / && $sudo env -u KIOSK_ASSETS_DIR runuser -u counter-kiosk -- "$@"); }
out=$(run_as_service /usr/bin/kiosk --simulate doctor 2>/dev/null) || fail "kiosk doctor: $out"
printf '%s\n' "$out" | sed 's/^/   /'
[[ $out == *"data            ok    /var/lib/counter-kiosk (writable)"* ]] || fail "doctor: the data folder"
[[ $out == *"staff           ok"*"/usr/share/counter-kiosk/demo/staff.toml"* ]] || fail "doctor: the installed assets"

step "purge with no recorded data: nothing is left"
purge_package >/dev/null
[[ ! -e /usr/bin/kiosk && ! -e /etc/counter-kiosk && ! -e /var/lib/counter-kiosk ]] || fail "files left after purge"
getent passwd counter-kiosk >/dev/null && fail "the service user is left after purge"

step "purge with recorded data: the data and its owner stay"
install_package
run_as_service /usr/bin/kiosk --simulate demo --out /var/lib/counter-kiosk --seconds 2 >/dev/null || fail "demo"
said=$(purge_package)
[[ -f /var/lib/counter-kiosk/kiosk.db && -d /var/lib/counter-kiosk/cases ]] || fail "purge removed recorded data"
getent passwd counter-kiosk >/dev/null || fail "purge removed the owner of the recorded data"
[[ $said == *"kept /var/lib/counter-kiosk"* ]] || fail "purge did not say it kept the data: $said"
[[ ! -e /usr/bin/kiosk ]] || fail "the binary is left after purge"
# This machine is a test bench: what the package kept is cleared by hand, as the message tells a technician to.
$sudo rm -rf /var/lib/counter-kiosk
$sudo userdel counter-kiosk 2>/dev/null || true
$sudo groupdel counter-kiosk 2>/dev/null || true
echo "package: ok ($(basename "$deb"), $(du -k "$deb" | cut -f1) KiB)"
