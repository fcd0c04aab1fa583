// CaseRepository: the whole case aggregate, saved and loaded as one.
#include <nlohmann/json.hpp>

#include "kiosk/store/detail/database.h"
#include "kiosk/store/detail/parties.h"
#include "kiosk/store/detail/savepoint.h"
#include "kiosk/store/store.h"

namespace kiosk::store {
namespace {

std::string to_json_list(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

std::vector<std::string> from_json_list(const std::string& text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> items;
  if (!parsed.is_array()) return items;
  for (const auto& item : parsed) {
    if (item.is_string()) items.push_back(item.get<std::string>());
  }
  return items;
}

template <typename E>
Expected<E> parse_enum(const std::string& text, std::string_view column) {
  if (auto value = enum_from_name<E>(text)) return *value;
  return Error("store: column " + std::string(column) + " holds unknown value \"" + text +
               "\" — the database was written by a newer kiosk or altered");
}

Expected<void> save_children(detail::Database& database, const crypto::PersonalDataKey& key, std::int64_t case_id,
                             const Case& record) {
  for (const char* table : {"parties", "materials", "documents", "signatures", "media_segments"}) {
    detail::Statement remove = TRY(database.prepare(std::string("DELETE FROM ") + table + " WHERE case_id = ?1"));
    TRY(remove.bind(1, case_id).run());
  }
  if (const auto& party = record.party) TRY(detail::save_party(database, key, case_id, *party));
  for (std::size_t index = 0; index < record.materials.size(); ++index) {
    const Material& material = record.materials[index];
    detail::Statement insert =
        TRY(database.prepare("INSERT INTO materials (case_id, position, name, copies, pages, form, note) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    TRY(insert.bind(1, case_id)
            .bind(2, static_cast<std::int64_t>(index + 1))
            .bind(3, material.name)
            .bind(4, material.copies)
            .bind(5, material.pages)
            .bind(6, name_of(material.form))
            .bind(7, material.note)
            .run());
  }
  for (std::size_t index = 0; index < record.documents.size(); ++index) {
    const DocumentRef& document = record.documents[index];
    detail::Statement insert = TRY(
        database.prepare("INSERT INTO documents (case_id, position, kind, file, sha256) VALUES (?1, ?2, ?3, ?4, ?5)"));
    TRY(insert.bind(1, case_id)
            .bind(2, static_cast<std::int64_t>(index + 1))
            .bind(3, document.kind)
            .bind(4, document.file)
            .bind(5, document.sha256)
            .run());
  }
  if (const auto& signature = record.signature) {
    detail::Statement insert = TRY(database.prepare(
        "INSERT INTO signatures (case_id, document_kind, document_sha256, file, sha256, refused, refusal_note, "
        "witness) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    TRY(insert.bind(1, case_id)
            .bind(2, signature->document_kind)
            .bind(3, signature->document_sha256)
            .bind(4, signature->file)
            .bind(5, signature->sha256)
            .bind(6, signature->refused ? 1 : 0)
            .bind(7, signature->refusal_note)
            .bind(8, signature->witness)
            .run());
  }
  for (const MediaSegmentRef& segment : record.media) {
    detail::Statement insert = TRY(database.prepare(
        "INSERT INTO media_segments (case_id, sequence, file, sha256, bytes, start_monotonic_ns, duration_ns, "
        "start_unix_ms, end_unix_ms, video_frames, audio_samples, dropped_frames) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
    TRY(insert.bind(1, case_id)
            .bind(2, segment.sequence)
            .bind(3, segment.file)
            .bind(4, segment.sha256)
            .bind(5, static_cast<std::int64_t>(segment.bytes))
            .bind(6, segment.start_monotonic_ns)
            .bind(7, segment.duration_ns)
            .bind(8, segment.start_unix_ms)
            .bind(9, segment.end_unix_ms)
            .bind(10, segment.video_frames)
            .bind(11, segment.audio_samples)
            .bind(12, segment.dropped_frames)
            .run());
  }
  return {};
}

Expected<void> load_children(detail::Database& database, const crypto::PersonalDataKey& key, std::int64_t case_id,
                             Case& record) {
  record.party = TRY(detail::load_party(database, key, case_id));
  detail::Statement materials = TRY(
      database.prepare("SELECT name, copies, pages, form, note FROM materials WHERE case_id = ?1 ORDER BY position"));
  materials.bind(1, case_id);
  while (TRY(materials.step())) {
    record.materials.push_back(Material{materials.text(0), materials.int32(1), materials.int32(2),
                                        TRY(parse_enum<MaterialForm>(materials.text(3), "materials.form")),
                                        materials.text(4)});
  }
  detail::Statement documents =
      TRY(database.prepare("SELECT kind, file, sha256 FROM documents WHERE case_id = ?1 ORDER BY position"));
  documents.bind(1, case_id);
  while (TRY(documents.step())) {
    record.documents.push_back(DocumentRef{documents.text(0), documents.text(1), documents.text(2)});
  }
  detail::Statement signature = TRY(database.prepare(
      "SELECT document_kind, document_sha256, file, sha256, refused, refusal_note, witness FROM signatures "
      "WHERE case_id = ?1"));
  signature.bind(1, case_id);
  if (TRY(signature.step())) {
    record.signature = SignatureRef{signature.text(0),         signature.text(1), signature.text(2), signature.text(3),
                                    signature.integer(4) != 0, signature.text(5), signature.text(6)};
  }
  detail::Statement media = TRY(database.prepare(
      "SELECT sequence, file, sha256, bytes, start_monotonic_ns, duration_ns, start_unix_ms, end_unix_ms, "
      "video_frames, audio_samples, dropped_frames FROM media_segments "
      "WHERE case_id = ?1 ORDER BY sequence"));
  media.bind(1, case_id);
  while (TRY(media.step())) {
    record.media.push_back(MediaSegmentRef{
        media.int32(0), media.text(1), media.text(2), static_cast<std::uint64_t>(media.integer(3)), media.integer(4),
        media.integer(5), media.integer(6), media.integer(7), media.integer(8), media.integer(9), media.integer(10)});
  }
  return {};
}

std::optional<std::int64_t> optional_ms(const std::optional<Instant>& instant) {
  if (!instant) return std::nullopt;
  return instant->unix_ms;
}

}  // namespace

Expected<void> CaseRepository::save(const Case& record) {
  return detail::within_savepoint(database_, "case_save", [&]() -> Expected<void> {
    detail::Statement upsert = TRY(database_.prepare(
        "INSERT INTO cases (number, terminal_id, agency, matter_type, staff_id, staff_name, staff_certificate, "
        "state, opened_unix_ms, utc_offset_minutes, closed_unix_ms, sealed_unix_ms, decision_kind, "
        "decision_reason, decision_legal_basis, decision_missing, abandon_reason, abandoned_in, outstanding, "
        "seal_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20) ON CONFLICT (number) DO UPDATE SET terminal_id = excluded.terminal_id, agency = "
        "excluded.agency, matter_type = excluded.matter_type, staff_id = excluded.staff_id, staff_name = "
        "excluded.staff_name, staff_certificate = excluded.staff_certificate, state = excluded.state, "
        "opened_unix_ms = excluded.opened_unix_ms, utc_offset_minutes = excluded.utc_offset_minutes, "
        "closed_unix_ms = excluded.closed_unix_ms, sealed_unix_ms = excluded.sealed_unix_ms, decision_kind = "
        "excluded.decision_kind, decision_reason = excluded.decision_reason, decision_legal_basis = "
        "excluded.decision_legal_basis, decision_missing = excluded.decision_missing, abandon_reason = "
        "excluded.abandon_reason, abandoned_in = excluded.abandoned_in, outstanding = excluded.outstanding, "
        "seal_hash = excluded.seal_hash RETURNING id"));
    upsert.bind(1, record.number)
        .bind(2, record.terminal_id)
        .bind(3, record.agency)
        .bind(4, record.matter_type)
        .bind(5, record.staff.id)
        .bind(6, record.staff.name)
        .bind(7, record.staff.certificate_number)
        .bind(8, name_of(record.state))
        .bind(9, record.opened_at.unix_ms)
        .bind(10, record.opened_at.utc_offset_minutes)
        .bind_optional(11, optional_ms(record.closed_at))
        .bind_optional(12, optional_ms(record.sealed_at));
    if (record.decision) {
      upsert.bind(13, name_of(record.decision->kind))
          .bind(14, record.decision->reason)
          .bind(15, record.decision->legal_basis)
          .bind(16, to_json_list(record.decision->missing_items));
    } else {
      upsert.bind_null(13).bind(14, "").bind(15, "").bind(16, "[]");
    }
    upsert.bind(17, record.abandon_reason)
        .bind(18, name_of(record.abandoned_in))
        .bind(19, to_json_list(record.outstanding))
        .bind(20, record.seal_hash);
    if (!TRY(upsert.step())) return Error("store: saving case " + record.number + " returned no row");
    const std::int64_t case_id = upsert.integer(0);
    TRY(upsert.run());
    return save_children(database_, key_, case_id, record);
  });
}

Expected<std::optional<Case>> CaseRepository::find(std::string_view number) {
  detail::Statement query = TRY(database_.prepare(
      "SELECT id, number, terminal_id, agency, matter_type, staff_id, staff_name, staff_certificate, state, "
      "opened_unix_ms, utc_offset_minutes, closed_unix_ms, sealed_unix_ms, decision_kind, decision_reason, "
      "decision_legal_basis, decision_missing, abandon_reason, abandoned_in, outstanding, seal_hash "
      "FROM cases WHERE number = ?1"));
  query.bind(1, number);
  if (!TRY(query.step())) return std::optional<Case>();
  Case record;
  const std::int64_t case_id = query.integer(0);
  record.number = query.text(1);
  record.terminal_id = query.text(2);
  record.agency = query.text(3);
  record.matter_type = query.text(4);
  record.staff = Staff{query.text(5), query.text(6), query.text(7)};
  record.state = TRY(parse_enum<IntakeState>(query.text(8), "cases.state"));
  const auto offset = query.int32(10);
  record.opened_at = Instant{query.integer(9), offset};
  if (!query.is_null(11)) record.closed_at = Instant{query.integer(11), offset};
  if (!query.is_null(12)) record.sealed_at = Instant{query.integer(12), offset};
  if (!query.is_null(13)) {
    record.decision = Decision{TRY(parse_enum<DecisionKind>(query.text(13), "cases.decision_kind")), query.text(14),
                               query.text(15), from_json_list(query.text(16))};
  }
  record.abandon_reason = query.text(17);
  record.abandoned_in = TRY(parse_enum<IntakeState>(query.text(18), "cases.abandoned_in"));
  record.outstanding = from_json_list(query.text(19));
  record.seal_hash = query.text(20);
  TRY(load_children(database_, key_, case_id, record));
  return std::optional<Case>(std::move(record));
}

Expected<std::vector<std::string>> CaseRepository::unsealed() {
  detail::Statement query = TRY(database_.prepare("SELECT number FROM cases WHERE state <> 'sealed' ORDER BY id"));
  std::vector<std::string> numbers;
  while (TRY(query.step())) numbers.push_back(query.text(0));
  return numbers;
}

Expected<std::optional<std::pair<std::string, std::string>>> CaseRepository::last_sealed(std::string_view terminal_id) {
  // Cases are sealed one after another (after a restart, in the order they were opened): the latest seal time, and
  // of equal times the later case, is the end of the chain.
  detail::Statement query =
      TRY(database_.prepare("SELECT number, seal_hash FROM cases WHERE state = 'sealed' AND terminal_id = ?1 "
                            "ORDER BY sealed_unix_ms DESC, id DESC LIMIT 1"));
  query.bind(1, terminal_id);
  if (!TRY(query.step())) return std::optional<std::pair<std::string, std::string>>{};
  return std::optional<std::pair<std::string, std::string>>{std::pair{query.text(0), query.text(1)}};
}

Expected<std::vector<CaseSummary>> CaseRepository::list(int limit) {
  detail::Statement query =
      TRY(database_.prepare("SELECT number, state, opened_unix_ms, CASE WHEN abandon_reason <> '' THEN 'abandoned' "
                            "ELSE coalesce(decision_kind, 'undecided') END FROM cases ORDER BY id DESC LIMIT ?1"));
  query.bind(1, limit);
  std::vector<CaseSummary> summaries;
  while (TRY(query.step())) {
    summaries.push_back(CaseSummary{query.text(0), TRY(parse_enum<IntakeState>(query.text(1), "cases.state")),
                                    query.integer(2), query.text(3)});
  }
  return summaries;
}

Expected<std::vector<std::string>> CaseRepository::with_id_number(std::string_view id_number) {
  const std::string lookup = detail::id_number_lookup(key_, id_number);
  detail::Statement query = TRY(database_.prepare(
      "SELECT cases.number FROM parties JOIN cases ON cases.id = parties.case_id "
      "WHERE parties.id_number_lookup = ?1 OR parties.agent_id_number_lookup = ?1 ORDER BY cases.id"));
  query.bind(1, lookup);
  std::vector<std::string> numbers;
  while (TRY(query.step())) numbers.push_back(query.text(0));
  return numbers;
}

}  // namespace kiosk::store
