#!/usr/bin/env bash
# kill -9 of `kiosk archive flush` at random moments, again and again, then a flush left to finish: every case file
# is in the archive share whole (it verifies, signature and chain), the queue is empty, nothing half-written stands
# under a final name. KIOSK_CRASH_ITERATIONS sets how many kills (default 8); each comes once a random number of
# files stand in the share, so it cuts an upload; when all three arrived the share is emptied for the next round.
set -uo pipefail
kiosk=$1
export KIOSK_ASSETS_DIR=$2/assets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$work/kiosk.toml" <<TOML
[recording]
width = 320
height = 240
[archive]
sink = "directory"
directory = "$work/share"
TOML
# Three cases sealed while the share is not mounted: they wait in the queue.
for _ in 1 2 3; do
  "$kiosk" --config "$work/kiosk.toml" demo --out "$work/data" --seconds 8 >/dev/null 2>&1 \
    && fail "the demo archived to a share that is not there"
done
"$kiosk" --config "$work/kiosk.toml" --data "$work/data" --json archive status \
  | python3 -c "import json,sys; d=json.load(sys.stdin); assert [c['state'] for c in d['cases']] == ['failed'] * 3, d" \
  || fail "three cases should be waiting"

mkdir -p "$work/share"
total_files=$(find "$work/data/cases" -type f | wc -l)
iterations=${KIOSK_CRASH_ITERATIONS:-8}
states=""
rounds=0
mid_upload=0
for i in $(seq "$iterations"); do
  # Retries are due again at once for this test: the outbox's next attempt is now.
  sqlite3 "$work/data/kiosk.db" "UPDATE outbox SET next_attempt_unix_ms = 0 WHERE state <> 'done'"
  # The kill comes once the share holds a random number of files: always in the middle of the uploads (a kill
  # timed by the clock alone mostly fell before the first byte, or after the last).
  before=$(find "$work/share" -type f ! -name '*.uploading' | wc -l)
  target=$((before + 1 + RANDOM % (total_files - before > 1 ? total_files - before - 1 : 1)))
  "$kiosk" --config "$work/kiosk.toml" --data "$work/data" archive flush --timeout 30 >/dev/null 2>&1 &
  pid=$!
  if ((before >= total_files - 1)); then
    sleep "0.$((RANDOM % 3))$((RANDOM % 10))"  # the last file, or only the checks and the marks, are left
  else
    while kill -0 "$pid" 2>/dev/null && [[ $(find "$work/share" -type f ! -name '*.uploading' | wc -l) -lt $target ]]; do
      sleep 0.002
    done
  fi
  kill -9 "$pid" 2>/dev/null && mid_upload=$((mid_upload + 1))
  wait "$pid" 2>/dev/null
  done_cases=$(sqlite3 "$work/data/kiosk.db" "SELECT count(*) FROM outbox WHERE state = 'done'")
  states+=" $done_cases/$(find "$work/share" -type f | wc -l)"
  # Whatever stands under a final name is whole: each file there matches the local case file.
  while IFS= read -r -d '' archived; do
    relative=${archived#"$work/share/"}
    cmp -s "$archived" "$work/data/cases/$relative" || fail "iteration $i: $relative in the share differs from the case file"
  done < <(find "$work/share" -type f ! -name '*.uploading' -print0)
  # All three arrived: the share is emptied and the queue set back, for the next kills to have uploads to cut.
  if [[ $done_cases == 3 && $i -lt $iterations ]]; then
    rm -rf "${work:?}/share/"*
    sqlite3 "$work/data/kiosk.db" "UPDATE outbox SET state = 'pending', done_unix_ms = NULL, location = ''"
    rounds=$((rounds + 1))
  fi
done
sqlite3 "$work/data/kiosk.db" "UPDATE outbox SET next_attempt_unix_ms = 0 WHERE state <> 'done'"
"$kiosk" --config "$work/kiosk.toml" --data "$work/data" archive flush --timeout 60 >/dev/null || fail "the last flush"
for bag in "$work/share/T01/"*; do
  "$kiosk" --data "$work/data" archive verify "$bag" | grep -q "case file ok" || fail "$bag does not verify"
done
[[ $(ls "$work/share/T01" | wc -l) == 3 ]] || fail "not three case files in the share"
[[ -z $(find "$work/share" -name '*.uploading') ]] || fail "a temporary file was left in the share"
[[ $(sqlite3 "$work/data/kiosk.db" "SELECT count(*) FROM outbox WHERE state = 'done'") == 3 ]] || fail "queue not empty"
# Each case verified once as an audit event, however often its upload was cut.
verified=$(sqlite3 "$work/data/kiosk.db" "SELECT count(*) FROM audit_log WHERE kind = 'archive.verified'")
[[ $verified == $((3 * (rounds + 1))) ]] || fail "$verified verification events for $((rounds + 1)) rounds of 3"
echo "archive flush killed $iterations times ($mid_upload of them while it ran, the rest just after it ended), over $((rounds + 1)) rounds of 3 case files ($total_files files; case files done / files in the share after each kill:$states): every case file whole"
