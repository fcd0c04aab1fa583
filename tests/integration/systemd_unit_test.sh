#!/usr/bin/env bash
# The systemd units as shipped pass `systemd-analyze verify` (with their ExecStart pointed at this build's binary,
# since neither /usr/bin/kiosk nor cage is installed on a build machine), and the kiosk under Xvfb sends
# systemd READY=1 after its first frame and WATCHDOG=1 from its UI loop at half WatchdogSec.
set -uo pipefail
kiosk=$1
source_root=$2
export KIOSK_ASSETS_DIR=$source_root/assets
work=$(mktemp -d)
xvfb="" app="" listener=""
cleanup() {
  for pid in $app $listener $xvfb; do kill -9 "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$work/stderr" >&2 2>/dev/null; exit 1; }
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }

for unit in counter-kiosk.service counter-kiosk-kmsdrm.service; do
  sed -e "s|^ExecStart=.*|ExecStart=$kiosk --config /etc/counter-kiosk/kiosk.toml|" \
    "$source_root/packaging/$unit" > "$work/$unit"
  out=$(systemd-analyze verify "$work/$unit" 2>&1) || fail "$unit: $out"
  [[ -z $out ]] || fail "$unit: systemd-analyze says: $out"
done

# The notifications, from the real binary: a datagram socket stands in for systemd's.
command -v Xvfb >/dev/null || { echo "SKIP: no Xvfb for the notification check"; exit 77; }
source "$(dirname "$0")/xvfb.sh"
start_xvfb 141 190
python3 - "$work/notify" "$work/messages" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "w", buffering=1) as out:
    end = time.time() + 30
    while time.time() < end:
        try:
            out.write(s.recv(4096).decode().replace("\n", " ") + "\n")
        except socket.timeout:
            break
PY
listener=$!
for _ in $(seq 50); do [[ -S $work/notify ]] && break; sleep 0.1; done
printf '[recording]\nwidth = 320\nheight = 240\nfps = 10\n' > "$work/kiosk.toml"
DISPLAY=$display NOTIFY_SOCKET=$work/notify WATCHDOG_USEC=1000000 \
  "$kiosk" --config "$work/kiosk.toml" --data "$work/data" --simulate >/dev/null 2>"$work/stderr" &
app=$!
# WATCHDOG_PID is not set: the watchdog is then the notifying process's own, as under systemd.
for _ in $(seq 150); do grep -q "^READY=1" "$work/messages" 2>/dev/null && break; sleep 0.1; done
grep -q "^READY=1 STATUS=serving at terminal" "$work/messages" || fail "no READY=1: $(cat "$work/messages")"
sleep 2.5
pings=$(grep -c "^WATCHDOG=1" "$work/messages")
((pings >= 3 && pings <= 7)) || fail "$pings watchdog pings in about 2.5 s with WatchdogSec=1 (want about 5)"
kill -TERM "$app"
wait "$app" || fail "kiosk exited with $? on SIGTERM"
app=""
sleep 0.3
grep -q "^STOPPING=1" "$work/messages" || fail "no STOPPING=1"
echo "PASS: units verify; READY, $pings watchdog pings, STOPPING"
