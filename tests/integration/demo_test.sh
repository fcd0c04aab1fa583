#!/usr/bin/env bash
# `kiosk demo` end to end, checked with tools that are not ours: sha256sum for the bag, sqlite3 for the database.
set -euo pipefail
kiosk=$1
export KIOSK_ASSETS_DIR=$2/assets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Small frames keep the suite quick; the recording path is the same at any size.
printf '[recording]\nwidth = 320\nheight = 240\nsegment_seconds = 10\npre_roll_seconds = 2\n' > "$work/kiosk.toml"
json=$("$kiosk" --config "$work/kiosk.toml" demo --out "$work/demo" --seconds 30 --json)
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$json" "$1"; }
[[ $(field ok) == True ]] || fail "demo did not report ok: $json"
number=$(field case_number)
bag=$(field case_file)
[[ $number =~ ^GXJ-[0-9]{4}-T01-000001$ ]] || fail "unexpected case number $number"
[[ $bag == "$work/demo/cases/T01/$number" ]] || fail "case file not where expected: $bag"

# Every payload file is listed with the right hash, and nothing unlisted is in the payload.
(cd "$bag" && sha256sum --quiet -c manifest-sha256.txt && sha256sum --quiet -c tagmanifest-sha256.txt) \
  || fail "manifest hashes do not verify"
listed=$(cut -d' ' -f3- "$bag/manifest-sha256.txt" | sort)
present=$(cd "$bag" && find data -type f | sort)
[[ "$listed" == "$present" ]] || fail "payload and manifest differ: listed [$listed] present [$present]"
grep -q "^Payload-Oxum: $(cd "$bag" && cat $(find data -type f) | wc -c).$(echo "$present" | wc -l)$" "$bag/bag-info.txt" \
  || fail "Payload-Oxum is wrong"
for label in File-Type Agency Staff Party Filing-Time Archiving-Time Outcome Case-Number; do
  grep -q "^$label: ." "$bag/bag-info.txt" || fail "bag-info.txt lacks $label"
done

# case.json carries the intake: three materials, the decision, the audit events; the demo lasted 30 s.
python3 - "$bag/data/case.json" <<'PY' || fail "case.json content"
import json, sys, datetime
case = json.load(open(sys.argv[1]))
assert len(case["materials"]["items"]) == 3, case["materials"]
assert case["decision"]["kind"] == "accepted"
assert case["party"]["identity_source"] == "id_card_reader"
kinds = [e["kind"] for e in case["audit_events"]]
assert kinds[0] == "case.opened" and kinds[-1] == "case.closed", kinds
assert kinds.count("document.printed") == 2, kinds  # the receipt and the notice went to the (simulated) printer
# The documents as issued and signed are filed, and the signature is bound to the proof as issued.
documents = {d["kind"]: d for d in case["documents"]}
assert set(documents) == {"material_receipt", "acceptance_notice", "proof_of_service", "signature_image",
                          "proof_of_service_signed"}, documents
signature = case["signature"]
assert not signature["refused"] and signature["document_sha256"] == documents["proof_of_service"]["sha256"]
assert kinds.index("documents.issued") < kinds.index("signature.captured") < kinds.index("case.closed"), kinds
assert case["outstanding"] == [], case["outstanding"]
opened = datetime.datetime.fromisoformat(case["opened_at"]); closed = datetime.datetime.fromisoformat(case["closed_at"])
assert (closed - opened).total_seconds() == 30, (opened, closed)
PY

# The intake was recorded: segments in the bag, each registered, playable, 30 s of picture in all.
python3 - "$bag/data/case.json" <<'PY' || fail "media register"
import json, sys, datetime
case = json.load(open(sys.argv[1]))
register = case["media_register"]
assert len(register) >= 3, register                      # 30 s in 10 s segments
assert [m["number"] for m in register] == list(range(1, len(register) + 1))
assert sum(m["video_frames"] for m in register) >= 900
assert all(m["dropped_frames"] == 0 for m in register)
assert sum(1 for e in case["audit_events"] if e["kind"] == "media.registered") == len(register)
# The recording begins with the 2 s pre-roll before the case was opened, and ends when it closed.
opened = datetime.datetime.fromisoformat(case["opened_at"]); closed = datetime.datetime.fromisoformat(case["closed_at"])
first = datetime.datetime.fromisoformat(register[0]["start"]); last = datetime.datetime.fromisoformat(register[-1]["end"])
assert 1.8 <= (opened - first).total_seconds() <= 2.1, (first, opened)
assert abs((closed - last).total_seconds()) < 0.2, (last, closed)
PY
total=0
for segment in "$bag"/data/media/*.mp4; do
  # Timestamps continue across segments, so a segment's length is its duration (its end) less its start.
  span=$(ffprobe -v error -show_entries format=start_time,duration -of csv=p=0 "$segment") || fail "ffprobe $segment"
  total=$(python3 -c "import sys; s, d = map(float, sys.argv[2].split(',')); print(float(sys.argv[1]) + d - s)" "$total" "$span")
done
python3 -c "import sys; t=float(sys.argv[1]); sys.exit(0 if 31.5 < t < 34 else 1)" "$total" || fail "media lasts $total s (30 s intake + 2 s pre-roll)"

# The filed documents: each PDF has its title; the signature's pen data carries the proof's hash and 3 strokes.
pdftotext -enc UTF-8 "$bag/data/documents/material_receipt.pdf" - | grep -q "收取材料清单" || fail "receipt PDF title"
pdftotext -enc UTF-8 "$bag/data/documents/proof_of_service_signed.pdf" - | grep -q "送达回证" || fail "proof PDF title"
[[ $(pdfimages -list "$bag/data/documents/proof_of_service_signed.pdf" | tail -n +3 | wc -l) == 1 ]] \
  || fail "the signed proof has no picture of the signature"
python3 - "$bag" <<'PY' || fail "signature JSON"
import json, sys, hashlib
bag = sys.argv[1]
signature = json.load(open(bag + "/data/signatures/proof_of_service.json"))
proof = hashlib.sha256(open(bag + "/data/documents/proof_of_service.pdf", "rb").read()).hexdigest()
assert signature["document"]["sha256"] == proof
assert signature["channels"] == ["x", "y", "t", "f", "s"] and signature["stroke_count"] == 3
assert signature["point_count"] == sum(len(s) for s in signature["strokes"]) > 200
assert signature["dropped_reports"] == 0
PY
[[ $(head -c 4 "$bag/data/signatures/proof_of_service.png" | tail -c 3) == PNG ]] || fail "signature PNG"

# Our own verifier agrees, and the database passes the store check.
"$kiosk" --data "$work/demo" archive verify "$bag" | grep -q "case file ok: .*signed by key .*first case$" \
  || fail "archive verify"
[[ -s "$bag/case.sig" ]] || fail "no case.sig"
# The case file reached the archive (a folder standing in for the archive share), whole and signed.
archived="$work/demo/archive/T01/$number"
"$kiosk" --data "$work/demo" archive verify "$archived" | grep -q "case file ok" || fail "the archived copy"
"$kiosk" --data "$work/demo" --json archive status \
  | python3 -c "import json,sys; d=json.load(sys.stdin); c=d['cases'][0]; assert d['ok'] and c['state']=='verified' and c['deadline_level']=='ok', d" \
  || fail "archive status"
"$kiosk" --data "$work/demo" store check | grep -q "store ok" || fail "store check"
# The stored case's documents, rendered again: to files (its QR reads back), and reprinted as an audit event.
"$kiosk" --data "$work/demo" print receipt --case "$number" --reason "申请人要求 applicant asked" --png "$work/receipt.png" --escpos "$work/receipt.bin" \
  | grep -q "dot rows" || fail "print receipt to files"
# Its QR code carries the case number and the verification code the case file backs: the terminal's signature of
# the receipt's statement, which its public key verifies (and which a changed list would not match).
code=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['receipt_verification']['code'])" "$bag/data/case.json")
[[ $(zbarimg -q --raw "$work/receipt.png" 2>/dev/null) == "kiosk:case:$number?v=$code" ]] || fail "the receipt's QR code"
python3 - "$bag/data/case.json" "$work" <<'PY' || fail "receipt verification data"
import json, sys
v = json.load(open(sys.argv[1]))["receipt_verification"]
open(sys.argv[2] + "/statement", "w").write(v["statement"])
open(sys.argv[2] + "/statement.sig", "wb").write(bytes.fromhex(v["signature_ed25519"]))
PY
openssl pkeyutl -verify -pubin -inkey "$work/demo/keys/terminal.key.pub" -rawin -in "$work/statement" \
  -sigfile "$work/statement.sig" | grep -q "Signature Verified Successfully" || fail "the receipt's signature"
sed -i 's/material /material X/' "$work/statement"
! openssl pkeyutl -verify -pubin -inkey "$work/demo/keys/terminal.key.pub" -rawin -in "$work/statement" \
  -sigfile "$work/statement.sig" >/dev/null 2>&1 || fail "an altered list still verifies"
grep -q "^Terminal-Key-SHA256: [0-9a-f]\{64\}$" "$bag/bag-info.txt" || fail "bag-info.txt lacks the key's fingerprint"
[[ -s "$work/receipt.bin" ]] || fail "no ESC/POS file"
"$kiosk" --data "$work/demo" print notice --case "$number" --reason "申请人要求 applicant asked" --pdf "$work/notice.pdf" >/dev/null || fail "notice PDF"
pdftotext -enc UTF-8 "$work/notice.pdf" - | grep -q "受理通知书" || fail "the notice PDF lacks its title"
"$kiosk" --data "$work/demo" --simulate print notice --case "$number" --reason "申请人要求 applicant asked" | grep -q "reprinted" || fail "reprint notice"
[[ $(sqlite3 "$work/demo/kiosk.db" "SELECT count(*) FROM audit_log WHERE kind = 'document.reprinted'") == 1 ]] \
  || fail "the reprint is not an audit event"
"$kiosk" --data "$work/demo" store check | grep -q "store ok" || fail "store check after the reprint"
# The proof printed again carries the signature, drawn from the sealed case file's pen data.
"$kiosk" --data "$work/demo" --simulate print proof --case "$number" --reason "申请人要求 applicant asked" --pdf "$work/proof.pdf" >/dev/null \
  || fail "print proof"
[[ $(pdfimages -list "$work/proof.pdf" | tail -n +3 | wc -l) == 1 ]] || fail "the reprinted proof lacks the signature"
# Each export to a file is an audit event with who (the Unix user) and why; so is the reprint.
exports=$(sqlite3 "$work/demo/kiosk.db" "SELECT count(*) FROM audit_log WHERE kind = 'document.exported' AND actor LIKE 'cli:%' AND detail LIKE '%applicant asked%'")
[[ $exports == 3 ]] || fail "expected 3 exports in the audit log with who and why, got $exports"
[[ $(sqlite3 "$work/demo/kiosk.db" "SELECT actor FROM audit_log WHERE kind = 'document.reprinted'") == cli:* ]] \
  || fail "the reprint does not say who"
out=$("$kiosk" --data "$work/demo" print notice --case "$number" --pdf "$work/x.pdf" 2>&1) \
  && fail "an export without a reason went through"
[[ $out == *"--reason is required"* && ! -e "$work/x.pdf" ]] || fail "an export without a reason: $out"
rows=$(sqlite3 "$work/demo/kiosk.db" "SELECT count(*) FROM audit_log WHERE case_number = '$number' AND kind NOT IN ('media.registered', 'document.reprinted', 'document.exported')")
# opened, identified, 3 materials, decided, documents issued, receipt and notice printed, signed, closed, sealed,
# verified in the archive
[[ $rows == 13 ]] || fail "expected 13 audit rows (besides media) for the case, got $rows"
segments=$(sqlite3 "$work/demo/kiosk.db" "SELECT count(*) FROM media_segments")
[[ $segments -ge 3 ]] || fail "media segments not registered in the store: $segments"
[[ $(sqlite3 "$work/demo/kiosk.db" "SELECT state FROM outbox") == done ]] || fail "case file not shipped from the outbox"
[[ $(sqlite3 "$work/demo/kiosk.db" "PRAGMA journal_mode") == wal ]] || fail "database not in WAL mode"

# A second demo in the same folder continues the numbering.
second=$("$kiosk" --config "$work/kiosk.toml" demo --out "$work/demo" --seconds 3 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['case_number'])")
[[ $second == "${number%000001}000002" ]] || fail "second case is $second"

# One changed byte in the case file is found and named.
printf 'X' | dd of="$bag/data/case.json" bs=1 seek=10 conv=notrunc status=none
if out=$("$kiosk" --data "$work/demo" archive verify "$bag" 2>&1); then fail "a tampered bag verified"; fi
[[ $out == *"data/case.json does not match"* ]] || fail "verify did not name the file: $out"

# A tampered audit row is found by store check, which names the row and exits non-zero.
sqlite3 "$work/demo/kiosk.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'X' WHERE sequence = 2;"
if out=$("$kiosk" --data "$work/demo" store check 2>&1); then fail "a tampered chain passed"; fi
[[ $out == *"audit log row 2"* ]] || fail "store check did not name the row: $out"
echo "demo end to end: ok ($number, $second)"
