#!/usr/bin/env bash
# The udev rules are the table's: the committed file is what the generator makes of supported-devices.tsv; every
# default device of kiosk.toml is in the table; a bad line in the table is refused.
set -uo pipefail
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
gen=$root/packaging/gen-udev-rules.sh
"$gen" "$root/packaging/supported-devices.tsv" > "$work/rules" || fail "the generator failed"
diff -u "$root/packaging/69-counter-kiosk.rules" "$work/rules" ||
  fail "69-counter-kiosk.rules is not what the table makes — run packaging/gen-udev-rules.sh > packaging/69-counter-kiosk.rules"
for id in 0400:c35a 0416:5011 056a:00a4; do
  grep -q "ATTR{idVendor}==\"${id%:*}\", ATTR{idProduct}==\"${id#*:}\", GROUP=\"counter-kiosk\"" "$work/rules" ||
    fail "default device $id has no rule"
done
[[ $(grep -c '^SUBSYSTEM==' "$work/rules") == $(grep -c '^[a-z]' "$root/packaging/supported-devices.tsv") ]] ||
  fail "not one rule per table line"
printf 'printer\tusb\t04XY\t5011\tbad\n' > "$work/bad.tsv"
"$gen" "$work/bad.tsv" > /dev/null 2>&1 && fail "a bad VID was taken"
echo "PASS: udev rules match the table"
