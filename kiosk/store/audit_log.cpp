// AuditLog: append-only, hash-chained. Each row's hash covers the previous row's hash and the row's own
// canonical content, so altering, inserting or removing a row anywhere but at the very end breaks the chain;
// the end itself is anchored by the seal of each case (which records the head hash it saw).
#include <nlohmann/json.hpp>

#include "kiosk/crypto/crypto.h"
#include "kiosk/store/detail/database.h"
#include "kiosk/store/store.h"

namespace kiosk::store {
namespace {

std::string detail_json(const AuditEvent& event) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [key, value] : event.detail) pairs.push_back({key, value});
  return pairs.dump();
}

std::vector<std::pair<std::string, std::string>> detail_from_json(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_array()) return pairs;
  for (const auto& pair : parsed) {
    if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
      pairs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
  }
  return pairs;
}

std::string chain_hash(std::string_view previous_hash, std::string_view canonical) {
  crypto::Sha256 hash;
  hash.update(previous_hash);
  hash.update("\n");
  hash.update(canonical);
  return crypto::to_hex(hash.finish());
}

constexpr std::string_view kSelect =
    "SELECT sequence, case_number, kind, actor, at_unix_ms, utc_offset_minutes, detail, previous_hash, hash "
    "FROM audit_log ";

struct Row {
  ChainedAuditEvent stored;
  std::string detail_text;  // exactly as stored: the hash covers these bytes
};

Row read_row(const detail::Statement& row) {
  Row read;
  read.stored.sequence = row.integer(0);
  read.stored.event.case_number = row.text(1);
  read.stored.event.kind = row.text(2);
  read.stored.event.actor = row.text(3);
  read.stored.event.at = Instant{row.integer(4), row.int32(5)};
  read.detail_text = row.text(6);
  read.stored.event.detail = detail_from_json(read.detail_text);
  read.stored.previous_hash = row.text(7);
  read.stored.hash = row.text(8);
  return read;
}

// [sequence, case, kind, actor, at_unix_ms, utc_offset, detail]: compact JSON, the detail spliced in verbatim.
std::string canonical_content(std::int64_t sequence, const AuditEvent& event, std::string_view detail_text) {
  const nlohmann::json head = {sequence,    event.case_number, event.kind,
                               event.actor, event.at.unix_ms,  event.at.utc_offset_minutes};
  std::string content = head.dump();
  content.pop_back();  // the closing ']'
  content += ',';
  content += detail_text;
  content += ']';
  return content;
}

}  // namespace

std::string canonical_audit_content(std::int64_t sequence, const AuditEvent& event) {
  return canonical_content(sequence, event, detail_json(event));
}

Expected<ChainedAuditEvent> AuditLog::append(const AuditEvent& event) {
  detail::Statement head =
      TRY(database_.prepare("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"));
  ChainedAuditEvent stored;
  stored.event = event;
  stored.sequence = 1;
  stored.previous_hash = std::string(kGenesisHash);
  if (TRY(head.step())) {
    stored.sequence = head.integer(0) + 1;
    stored.previous_hash = head.text(1);
  }
  stored.hash = chain_hash(stored.previous_hash, canonical_audit_content(stored.sequence, event));
  detail::Statement insert = TRY(database_.prepare(
      "INSERT INTO audit_log (sequence, case_number, kind, actor, at_unix_ms, utc_offset_minutes, detail, "
      "previous_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  TRY(insert.bind(1, stored.sequence)
          .bind(2, event.case_number)
          .bind(3, event.kind)
          .bind(4, event.actor)
          .bind(5, event.at.unix_ms)
          .bind(6, event.at.utc_offset_minutes)
          .bind(7, detail_json(event))
          .bind(8, stored.previous_hash)
          .bind(9, stored.hash)
          .run());
  return stored;
}

Expected<std::vector<ChainedAuditEvent>> AuditLog::of_case(std::string_view case_number) {
  detail::Statement query = TRY(database_.prepare(std::string(kSelect) + "WHERE case_number = ?1 ORDER BY sequence"));
  query.bind(1, case_number);
  std::vector<ChainedAuditEvent> events;
  while (TRY(query.step())) events.push_back(read_row(query).stored);
  return events;
}

Expected<ChainReport> AuditLog::verify() {
  detail::Statement query = TRY(database_.prepare(std::string(kSelect) + "ORDER BY sequence"));
  ChainReport report;
  report.head_hash = std::string(kGenesisHash);
  std::int64_t expected_sequence = 1;
  while (TRY(query.step())) {
    const Row read = read_row(query);
    const ChainedAuditEvent& row = read.stored;
    const std::string where = "audit log row " + std::to_string(row.sequence);
    if (row.sequence != expected_sequence) {
      return Error("audit log: row " + std::to_string(expected_sequence) + " is missing (the next row is " +
                   std::to_string(row.sequence) + ") — rows were removed; keep the database for investigation");
    }
    if (row.previous_hash != report.head_hash) {
      return Error(where + ": its link to row " + std::to_string(row.sequence - 1) +
                   " is broken — a row before it was altered or replaced; keep the database for investigation");
    }
    if (chain_hash(row.previous_hash, canonical_content(row.sequence, row.event, read.detail_text)) != row.hash) {
      return Error(where + " (" + row.event.kind + ", case " + row.event.case_number +
                   "): its content does not match its hash — the row was altered; keep the database for "
                   "investigation");
    }
    report.head_hash = row.hash;
    ++report.rows;
    ++expected_sequence;
  }
  return report;
}

}  // namespace kiosk::store
