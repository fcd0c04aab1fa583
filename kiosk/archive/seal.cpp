// Sealing: the case as the store has it, written as a bag.
#include <nlohmann/json.hpp>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/detail/durable_file.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

ordered_json party_json(const Party& party) {
  ordered_json json = {{"kind", name_of(party.kind)},  {"name", party.name},
                       {"sex", name_of(party.sex)},    {"id_kind", name_of(party.id_kind)},
                       {"id_number", party.id_number}, {"phone", party.phone},
                       {"address", party.address},     {"identity_source", name_of(party.source)}};
  if (party.agent) {
    json["agent"] = {{"name", party.agent->name},
                     {"title", party.agent->title},
                     {"id_kind", name_of(party.agent->id_kind)},
                     {"id_number", party.agent->id_number},
                     {"phone", party.agent->phone}};
  }
  return json;
}

ordered_json optional_time(const std::optional<Instant>& instant) {
  return instant ? ordered_json(format_rfc3339(*instant)) : ordered_json(nullptr);
}

std::string party_label(const Case& record) {
  if (!record.party) return "（未识别）";
  if (record.party->kind == PartyKind::organization && record.party->agent) {
    return record.party->name + "（代理人 " + record.party->agent->name + "）";
  }
  return record.party->name;
}

}  // namespace

std::string case_json(const SealRequest& request) {
  const Case& record = request.record;
  ordered_json json;
  json["schema"] = "counter-kiosk/case/1";
  json["case_number"] = record.number;
  json["terminal_id"] = record.terminal_id;
  json["cover"] = {{"file_type", request.file_type},
                   {"agency", record.agency},
                   {"matter_type", record.matter_type},
                   {"staff", record.staff.name + " " + record.staff.certificate_number},
                   {"party", party_label(record)},
                   {"filing_time", format_rfc3339(record.opened_at)},
                   {"archiving_time", format_rfc3339(request.sealed_at)},
                   {"outcome", outcome_of(record)}};
  json["staff"] = {
      {"id", record.staff.id}, {"name", record.staff.name}, {"certificate_number", record.staff.certificate_number}};
  json["party"] = record.party ? party_json(*record.party) : ordered_json(nullptr);
  json["state_at_sealing"] = name_of(record.state);
  json["opened_at"] = format_rfc3339(record.opened_at);
  json["closed_at"] = optional_time(record.closed_at);
  json["sealed_at"] = format_rfc3339(request.sealed_at);

  ordered_json materials = ordered_json::array();
  int total_copies = 0;
  int total_pages = 0;
  for (std::size_t index = 0; index < record.materials.size(); ++index) {
    const Material& material = record.materials[index];
    materials.push_back({{"number", index + 1},
                         {"name", material.name},
                         {"copies", material.copies},
                         {"pages", material.pages},
                         {"form", name_of(material.form)},
                         {"note", material.note}});
    total_copies += material.copies;
    total_pages += material.copies * material.pages;
  }
  json["materials"] = {{"items", materials}, {"total_copies", total_copies}, {"total_pages", total_pages}};

  if (record.decision) {
    json["decision"] = {{"kind", name_of(record.decision->kind)},
                        {"reason", record.decision->reason},
                        {"legal_basis", record.decision->legal_basis},
                        {"missing_items", record.decision->missing_items}};
  } else {
    json["decision"] = nullptr;
  }
  if (request.receipt) {
    json["receipt_verification"] = {{"code", request.receipt->code},
                                    {"statement", request.receipt->statement},
                                    {"signature_ed25519", request.receipt->signature_hex},
                                    {"key_fingerprint_sha256", request.receipt->key_fingerprint}};
  }
  json["previous_case"] =
      request.previous ? ordered_json{{"number", request.previous->first}, {"seal_sha256", request.previous->second}}
                       : ordered_json(nullptr);
  ordered_json documents = ordered_json::array();
  for (const DocumentRef& document : record.documents) {
    documents.push_back({{"kind", document.kind}, {"file", document.file}, {"sha256", document.sha256}});
  }
  json["documents"] = documents;
  if (record.signature) {
    json["signature"] = {{"document_kind", record.signature->document_kind},
                         {"document_sha256", record.signature->document_sha256},
                         {"file", record.signature->file},
                         {"sha256", record.signature->sha256},
                         {"refused", record.signature->refused},
                         {"refusal_note", record.signature->refusal_note},
                         {"witness", record.signature->witness}};
  } else {
    json["signature"] = nullptr;
  }
  ordered_json media = ordered_json::array();
  for (const MediaSegmentRef& segment : record.media) {
    media.push_back({{"number", segment.sequence},
                     {"file", segment.file},
                     {"sha256", segment.sha256},
                     {"bytes", segment.bytes},
                     {"start_monotonic_ns", segment.start_monotonic_ns},
                     {"duration_ns", segment.duration_ns},
                     {"start", format_rfc3339(Instant{segment.start_unix_ms, record.opened_at.utc_offset_minutes})},
                     {"end", format_rfc3339(Instant{segment.end_unix_ms, record.opened_at.utc_offset_minutes})},
                     {"video_frames", segment.video_frames},
                     {"audio_samples", segment.audio_samples},
                     {"dropped_frames", segment.dropped_frames}});
  }
  json["media_register"] = media;
  json["outstanding"] = record.outstanding;
  if (!record.abandon_reason.empty()) {
    json["abandoned"] = {{"reason", record.abandon_reason}, {"reached", name_of(record.abandoned_in)}};
  }
  ordered_json events = ordered_json::array();
  for (const ChainedAuditEvent& chained : request.events) {
    ordered_json detail = ordered_json::array();
    for (const auto& [key, value] : chained.event.detail) detail.push_back({key, value});
    events.push_back({{"sequence", chained.sequence},
                      {"at", format_rfc3339(chained.event.at)},
                      {"kind", chained.event.kind},
                      {"actor", chained.event.actor},
                      {"detail", detail},
                      {"hash", chained.hash}});
  }
  json["audit_events"] = events;
  return json.dump(2) + "\n";
}

Expected<SealedBag> seal_case(const std::filesystem::path& cases_root, const SealRequest& request) {
  const Case& record = request.record;
  if (record.state != IntakeState::closed && record.state != IntakeState::abandoned) {
    return Error("case " + record.number + " is " + std::string(name_of(record.state)) +
                 " — close or abandon it before sealing");
  }
  const fs::path terminal_folder = cases_root / record.terminal_id;
  const fs::path path = terminal_folder / record.number;
  std::error_code error;
  if (fs::exists(path, error)) {
    // A crash after the rename and before the store took the seal: keep the bag if it is whole.
    if (auto existing = verify_bag(path)) return SealedBag{path, existing->tagmanifest_sha256};
    fs::path aside = path;
    aside += ".damaged";
    fs::remove_all(aside, error);
    fs::rename(path, aside, error);
    if (error) return Error("cannot move the damaged case file " + path.string() + " aside: " + error.message());
  }
  fs::create_directories(terminal_folder, error);
  if (error) return Error("cannot create " + terminal_folder.string() + ": " + error.message());

  BagWriter bag = TRY(BagWriter::begin(path, request.sm3));
  TRY(bag.add_payload("case.json", case_json(request)));
  for (const MediaSegmentRef& segment : record.media) {
    const fs::path source = request.media_folder / fs::path(segment.file).filename();
    const std::string sha256 = TRY(bag.add_payload_file(segment.file, source));
    if (sha256 != segment.sha256) {
      return Error("case " + record.number + ": media segment " + std::to_string(segment.sequence) + " (" +
                   source.string() +
                   ") is not the file that was registered — it changed after recording; keep "
                   "it for investigation");
    }
  }
  // The documents as issued and signed, and the signature's pen data: each must be the file the case registered.
  std::vector<std::pair<std::string, std::string>> files;
  for (const DocumentRef& document : record.documents) files.emplace_back(document.file, document.sha256);
  if (record.signature && !record.signature->file.empty()) {
    files.emplace_back(record.signature->file, record.signature->sha256);
  }
  for (const auto& [file, registered] : files) {
    const fs::path source = request.files_folder / file;
    const std::string sha256 = TRY(bag.add_payload_file(file, source));
    if (sha256 != registered) {
      return Error("case " + record.number + ": " + source.string() +
                   " is not the file that was issued — it changed afterwards; keep it for investigation");
    }
  }
  bag.add_info("Source-Organization", record.agency);
  bag.add_info("External-Identifier", record.number);
  bag.add_info("Case-Number", record.number);
  bag.add_info("Terminal-Id", record.terminal_id);
  bag.add_info("File-Type", request.file_type);
  bag.add_info("Agency", record.agency);
  bag.add_info("Matter-Type", record.matter_type);
  bag.add_info("Staff", record.staff.name + " (" + record.staff.certificate_number + ")");
  bag.add_info("Party", party_label(record));
  bag.add_info("Filing-Time", format_rfc3339(record.opened_at));
  bag.add_info("Archiving-Time", format_rfc3339(request.sealed_at));
  bag.add_info("Outcome", std::string(outcome_of(record)));
  bag.add_info("Bagging-Date", format_rfc3339(request.sealed_at).substr(0, 10));
  bag.add_info("Bag-Software-Agent", "counter-kiosk");
  if (request.key != nullptr) bag.add_info("Terminal-Key-SHA256", request.key->fingerprint());
  if (request.previous) {
    bag.add_info("Previous-Case", request.previous->first);
    bag.add_info("Previous-Seal-SHA256", request.previous->second);
  }
  return bag.finish(request.key);
}

}  // namespace kiosk::archive
