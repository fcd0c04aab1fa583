#!/usr/bin/env bash
# The archive end to end, with the real binary and a real S3 server (moto_server on loopback): the demo's case
# file goes to a bucket with Object Lock; what arrived, downloaded again, verifies — every hash, the terminal's
# signature; the objects are locked; with the server gone, the queue says so and keeps the case for later.
# Exits 77 (skipped) where moto_server is not installed.
set -uo pipefail
kiosk=$1
export KIOSK_ASSETS_DIR=$2/assets
work=$(mktemp -d)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

moto=$(command -v moto_server || ls /root/.pyenv/shims/moto_server 2>/dev/null) || { echo "SKIP: no moto_server"; exit 77; }
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$moto" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
server=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -s -o /dev/null "$endpoint" && break; sleep 0.1; done
s3() { curl -s --aws-sigv4 "aws:amz:us-east-1:s3" -u kiosk:secret "$@"; }
[[ $(s3 -o /dev/null -w '%{http_code}' -X PUT -H "x-amz-bucket-object-lock-enabled: true" "$endpoint/archive") == 200 ]] \
  || fail "cannot make the bucket"

printf 'secret\n' > "$work/s3.secret"
chmod 600 "$work/s3.secret"
cat > "$work/kiosk.toml" <<TOML
[recording]
width = 320
height = 240
[archive]
sink = "s3"
s3_endpoint = "$endpoint"
s3_bucket = "archive"
s3_access_key = "kiosk"
s3_secret_key_file = "$work/s3.secret"
lock_mode = "COMPLIANCE"
retain_days = 30
TOML
out=$("$kiosk" --config "$work/kiosk.toml" demo --out "$work/demo" --seconds 5) || fail "demo: $out"
number=$(printf '%s\n' "$out" | sed -n 's/^case \([^ ]*\) sealed.*/\1/p')
[[ $out == *"archived:  s3 $endpoint/archive/T01/$number/"* ]] || fail "not archived to S3: $out"
"$kiosk" --config "$work/kiosk.toml" --data "$work/demo" --json archive status \
  | python3 -c "import json,sys; d=json.load(sys.stdin); assert d['cases'][0]['state'] == 'verified', d" \
  || fail "archive status"

# Every object, downloaded again, makes the case file back: it verifies with the terminal's public key.
mkdir -p "$work/back"
for key in $(s3 "$endpoint/archive?list-type=2&prefix=T01/" | python3 -c "
import re, sys
print('\n'.join(re.findall(r'<Key>([^<]+)</Key>', sys.stdin.read())))"); do
  mkdir -p "$work/back/$(dirname "$key")"
  s3 -o "$work/back/$key" "$endpoint/archive/$key" || fail "download $key"
done
"$kiosk" --data "$work/demo" archive verify "$work/back/T01/$number" | grep -q "case file ok" \
  || fail "what the archive holds does not verify"
# Locked: case.sig cannot be deleted before its retain-until date.
version=$(s3 -I "$endpoint/archive/T01/$number/case.sig" | tr -d '\r' | sed -n 's/^x-amz-version-id: //Ip')
[[ $(s3 -o /dev/null -w '%{http_code}' -X DELETE "$endpoint/archive/T01/$number/case.sig?versionId=$version") == 403 ]] \
  || fail "a locked object was deleted"

# The server gone: a second case waits in the queue with the reason, and flush says so.
kill "$server"; wait "$server" 2>/dev/null; server=""
"$kiosk" --config "$work/kiosk.toml" demo --out "$work/demo" --seconds 3 >/dev/null 2>&1 && fail "demo archived with no server"
if flushed=$("$kiosk" --config "$work/kiosk.toml" --data "$work/demo" archive flush --timeout 3 2>&1); then
  fail "flush succeeded with no server"
fi
[[ $flushed == *"unreachable"* ]] || fail "flush does not say the archive is unreachable: $flushed"
"$kiosk" --config "$work/kiosk.toml" --data "$work/demo" archive status | grep -q "failed" || fail "status shows no failure"
echo "archive over S3: ok"
