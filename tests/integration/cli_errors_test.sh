#!/usr/bin/env bash
# The CLI contract: --help and --version work; failures exit non-zero with one line that says what to do.
set -uo pipefail
kiosk=$1
export KIOSK_ASSETS_DIR=$2/assets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$kiosk" --help | grep -q "demo" || fail "--help does not list demo"
"$kiosk" demo --help | grep -q -- "--out" || fail "demo --help"
"$kiosk" --version | grep -q "^kiosk [0-9]" || fail "--version"

expect_failure() {  # expect_failure "what the message must contain" command...
  local needle=$1; shift
  local out
  if out=$("$@" 2>&1); then fail "succeeded: $*"; fi
  [[ $(printf '%s\n' "$out" | wc -l) -le 2 ]] || fail "more than a short message: $out"
  [[ $out == *"$needle"* ]] || fail "message for [$*] lacks [$needle]: $out"
}

printf '[terminal]\nidd = "x"\n' > "$work/bad.toml"
expect_failure "line 2): unknown key terminal.idd" "$kiosk" config check "$work/bad.toml"
expect_failure "unknown key terminal.idd" "$kiosk" --config "$work/bad.toml" demo --out "$work/d"
printf '[case]\nnumber_pattern = "{seq}{seq}"\n' > "$work/pattern.toml"
expect_failure "exactly one {seq}" "$kiosk" config check "$work/pattern.toml"
expect_failure "no database at" "$kiosk" --data "$work/nothing" store check
expect_failure "no such folder" "$kiosk" archive verify "$work/nothing"
expect_failure "no database at" "$kiosk" --data "$work/nothing" archive status
printf '[storage]\ndata_dir = "%s"\n' "$work/empty" > "$work/none.toml"
mkdir -p "$work/empty"
expect_failure 'archive.sink is "none"' "$kiosk" --config "$work/none.toml" archive flush
printf '[archive]\nsink = "directory"\n' > "$work/nodir.toml"
expect_failure "archive.directory is empty" "$kiosk" config check "$work/nodir.toml"
expect_failure "seconds" "$kiosk" demo --out "$work/d" --seconds 0
# Real devices: this machine has no camera; the error says where to look.
if ! ls /dev/video* >/dev/null 2>&1; then
  expect_failure "no camera" "$kiosk" record --out "$work/r" --seconds 1
fi
expect_failure "needs --simulate" "$kiosk" record --out "$work/r" --seconds 1 --virtual-clock
"$kiosk" config check "$2/packaging/kiosk.toml" | grep -q "config ok" || fail "shipped config does not check"

# ID card frames: each card kind decodes; a broken frame says why.
frames="$2/tests/fuzz/corpus/sam_frame"
"$kiosk" idcard decode "$frames/read_0.bin" | grep -q "^id_number: 110101198506150019$" || fail "idcard decode resident"
"$kiosk" idcard decode "$frames/read_1.bin" | grep -q "^valid_to: 长期$" || fail "idcard decode long-term"
"$kiosk" idcard decode "$frames/read_2.bin" | grep -q "^pass_number: H12345678$" || fail "idcard decode HMT permit"
"$kiosk" --json idcard decode "$frames/read_3.bin" | grep -q '"english_name":"SMITH, JOHN ROBERT"' || fail "idcard decode foreign"
python3 -c "import sys; print(open(sys.argv[1],'rb').read().hex(' '))" "$frames/read_0.bin" > "$work/frame.hex"
"$kiosk" idcard decode "$work/frame.hex" | grep -q "^name: 张伟$" || fail "idcard decode hex text"
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[600]^=1; open(sys.argv[2],'wb').write(b)" \
  "$frames/read_0.bin" "$work/bad.bin"
expect_failure "checksum mismatch" "$kiosk" idcard decode "$work/bad.bin"
head -c 900 "$frames/read_0.bin" > "$work/short.bin"
expect_failure "truncated" "$kiosk" idcard decode "$work/short.bin"
expect_failure "no card on the reader" "$kiosk" idcard decode "$frames/no_card.bin"

# The reader and the printer, simulated under the real drivers.
"$kiosk" --simulate idcard read | grep -q "^name: 张伟$" || fail "idcard read (simulated)"
"$kiosk" --simulate --json printer status | grep -q '"status":"ready"' || fail "printer status (simulated)"
"$kiosk" --simulate print test | grep -q "^test page printed: [0-9]* dot rows, 384 dots wide$" || fail "print test"
# The signature pad: a test signature from the simulator (HID reports through the real driver), and the pad's
# report descriptor explained; the real pad is not plugged in here, and a file that is no descriptor says so.
"$kiosk" --simulate --json sigpad sign --png "$work/sig.png" | grep -q '"strokes":3' || fail "sigpad sign (simulated)"
[[ -s "$work/sig.png" ]] || fail "sigpad sign --png"
expect_failure "not plugged in" "$kiosk" sigpad sign --wait 1
printf '\x05\x0d\x09\x02\xa1\x01' > "$work/cut.desc"
expect_failure "not closed" "$kiosk" sigpad descriptor "$work/cut.desc"

# --json failures are machine-readable.
out=$("$kiosk" --json archive verify "$work/nothing") && fail "json failure exited 0"
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['ok'] is False and 'no such folder' in d['error']" "$out" \
  || fail "json error output: $out"

# A data folder the kiosk may not write: a clear error (skipped as root, who may write anywhere).
if [[ $(id -u) -ne 0 ]]; then
  mkdir -p "$work/ro" && chmod 500 "$work/ro"
  expect_failure "write" "$kiosk" demo --out "$work/ro/x"
fi
# The staff roster: a PIN hashed by the CLI signs in (the roster checks), a PIN that is not digits is refused.
line=$(echo 24680 | "$kiosk" staff hash-pin) || fail "staff hash-pin"
[[ $line == 'pin = "pbkdf2-sha256$'* ]] || fail "staff hash-pin printed: $line"
printf '[[staff]]\nid = "S9"\nname = "测试"\ncertificate_number = "1"\nrole = "intake"\n%s\n' "$line" > "$work/staff.toml"
"$kiosk" staff check "$work/staff.toml" | grep -q "1 staff" || fail "staff check"
expect_failure "4 to 12 digits" bash -c "echo 12ab | '$kiosk' staff hash-pin"
printf '[[staff]]\nid = "S9"\nname = "x"\ncertificate_number = "1"\nrole = "boss"\npin = "x"\n' > "$work/bad-staff.toml"
expect_failure 'role "boss"' "$kiosk" staff check "$work/bad-staff.toml"
# The kiosk with no display at all says so, instead of drawing where nobody sees it.
expect_failure "no display" env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER XDG_RUNTIME_DIR=/nonexistent \
  "$kiosk" --simulate --data "$work/ui"
# kiosk doctor: a simulated terminal that ran an intake is ready; with its archive share gone it is not, and the
# line says what to do. --json carries the same lines.
"$kiosk" --simulate demo --out "$work/doctor" --seconds 2 >/dev/null || fail "demo for the doctor"
out=$(SDL_VIDEODRIVER=offscreen "$kiosk" --simulate --data "$work/doctor" doctor 2>/dev/null) || fail "doctor: $out"
[[ $out == *"ready:"* && $out == *"printer         ok    ready"* ]] || fail "doctor: $out"
printf '[archive]\nsink = "directory"\ndirectory = "%s"\n' "$work/unmounted" > "$work/share.toml"
if out=$(SDL_VIDEODRIVER=offscreen "$kiosk" --simulate --config "$work/share.toml" --data "$work/doctor" doctor 2>/dev/null); then
  fail "doctor passed with the archive share gone: $out"
fi
[[ $out == *"archive         FAIL"*"not mounted"*"→ mount it"*"NOT READY"* ]] || fail "doctor's archive line: $out"
out=$(SDL_VIDEODRIVER=offscreen "$kiosk" --simulate --config "$work/share.toml" --data "$work/doctor" --json doctor \
  --only archive,disk 2>/dev/null) && fail "doctor --json passed with the archive share gone"
printf '%s' "$out" | python3 -c "
import json, sys
report = json.load(sys.stdin)
assert report['ok'] is False, report
assert [line['check'] for line in report['checks']] == ['disk', 'archive'], report
assert report['checks'][1]['result'] == 'FAIL' and report['checks'][1]['remedy'] == 'mount it', report
" || fail "doctor --json"
expect_failure "not in" "$kiosk" doctor --only printr
# Personal data: found by ID number only with a reason, masked, and the look-up audited; the database holds no
# ID number in clear; without its personal-data key the database does not open, and the error says to restore it.
out=$("$kiosk" --data "$work/doctor" store find --id-number 11010519491231002x --reason "复核") || fail "store find: $out"
[[ $out == *"1 case(s) for 1101**********002X"*"张*"* ]] || fail "store find: $out"
[[ $out != *"张三"* ]] || fail "store find shows the name in clear: $out"
expect_failure "--reason is required" "$kiosk" --data "$work/doctor" store find --id-number 11010519491231002X
! grep -qa 11010519491231002X "$work/doctor/kiosk.db" || fail "the ID number is in the database in clear"
python3 - "$work/doctor/kiosk.db" <<'PY' || fail "the look-up is not in the audit log"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT actor, detail FROM audit_log WHERE kind = 'party.looked_up'").fetchall()
assert len(rows) == 1 and rows[0][0].startswith("cli:") and "复核" in rows[0][1] and "002X" in rows[0][1], rows
assert "11010519491231002X" not in rows[0][1], rows
PY
mv "$work/doctor/keys/personal.key" "$work/personal.key"
expect_failure "restore the key" "$kiosk" --data "$work/doctor" store check
expect_failure "restore the key" "$kiosk" --simulate --data "$work/doctor" demo --out "$work/doctor" --seconds 1
[[ ! -e "$work/doctor/keys/personal.key" ]] || fail "a new personal-data key was made over a database that had one"
echo "cli errors: ok"
