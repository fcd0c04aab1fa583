#!/usr/bin/env bash
# The real binary, as a technician starts it: `kiosk --simulate` under an X server (Xvfb) with every device
# simulated. It must open its window, draw the sign-in screen (text and buttons, not a blank), stay up, and
# close cleanly on SIGTERM (exit 0) with its database intact.
set -uo pipefail
kiosk=$1
export KIOSK_ASSETS_DIR=$2/assets
work=$(mktemp -d)
xvfb="" app=""
cleanup() { [[ -n $app ]] && kill -9 "$app" 2>/dev/null; [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$work/stderr" >&2 2>/dev/null; exit 1; }

command -v Xvfb >/dev/null || { echo "SKIP: no Xvfb"; exit 77; }
source "$(dirname "$0")/xvfb.sh"
start_xvfb 90 140
export DISPLAY=$display

cat > "$work/kiosk.toml" <<TOML
[recording]
width = 320
height = 240
fps = 10
TOML
"$kiosk" --config "$work/kiosk.toml" --data "$work/data" --simulate >"$work/stdout" 2>"$work/stderr" &
app=$!
# Up, with its window mapped.
for _ in $(seq 150); do
  xwininfo -root -tree 2>/dev/null | grep -q "窗口收件" && break
  kill -0 "$app" 2>/dev/null || fail "kiosk exited at start"
  sleep 0.1
done
xwininfo -root -tree | grep -q "窗口收件" || fail "no kiosk window on $display"
sleep 4
kill -0 "$app" 2>/dev/null || fail "kiosk did not stay up"

# What is on the screen: not one flat colour — the sign-in screen with its text and buttons.
ffmpeg -loglevel error -f x11grab -video_size 1280x800 -i "$display" -frames:v 1 -pix_fmt gray -f rawvideo \
  "$work/screen.gray" || fail "cannot grab the screen"
python3 - "$work/screen.gray" <<'PY' || fail "the screen is blank"
import sys
data = open(sys.argv[1], "rb").read()
dark = sum(1 for b in data if b < 100)
print(f"dark pixels: {dark} of {len(data)}")
sys.exit(0 if 2000 < dark < len(data) // 2 else 1)
PY
[[ -f $work/data/kiosk.db && -f $work/data/keys/terminal.key ]] || fail "no database or terminal key in the data folder"

# SIGTERM (systemd's stop): a clean close, exit 0.
kill -TERM "$app"
for _ in $(seq 150); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app" 2>/dev/null && fail "kiosk did not close within 15 s of SIGTERM"
wait "$app"
code=$?
app=""
[[ $code == 0 ]] || fail "kiosk exited with $code on SIGTERM"
"$kiosk" --data "$work/data" store check >/dev/null || fail "store check after the stop"
echo "PASS: the kiosk ran under Xvfb, drew its screen, and closed cleanly on SIGTERM"
