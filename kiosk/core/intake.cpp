#include "kiosk/core/intake.h"

#include "kiosk/core/utf8.h"

namespace kiosk {
namespace {

using S = IntakeState;
using E = IntakeEvent;

// What has to happen before an event is allowed; the second half of every "cannot" message.
std::string_view requirement(IntakeEvent event) {
  switch (event) {
    case E::identify: return "the party can be identified until the decision is made";
    case E::add_material:
    case E::remove_material: return "materials are itemized after the party is identified and before the decision";
    case E::decide: return "itemize at least one material first; the decision can change until documents are issued";
    case E::issue_documents: return "make the decision first";
    case E::sign: return "issue the documents first";
    case E::close: return "make the decision first, or abandon the intake with a reason";
    case E::abandon: return "a closed or sealed case cannot be abandoned";
    case E::seal: return "close or abandon the case first";
    case E::attach_media: return "a sealed case takes no more media";
  }
  return "";
}

}  // namespace

std::optional<IntakeState> next_state(IntakeState from, IntakeEvent event) {
  switch (event) {
    case E::identify:
      if (from == S::opened) return S::identified;
      if (from == S::identified || from == S::itemized) return from;  // a correction keeps the progress
      return std::nullopt;
    case E::add_material:
      if (from == S::identified || from == S::itemized) return S::itemized;
      return std::nullopt;
    case E::remove_material:
      if (from == S::itemized) return S::itemized;
      return std::nullopt;
    case E::decide:
      if (from == S::itemized || from == S::decided) return S::decided;
      return std::nullopt;
    case E::issue_documents:
      if (from == S::decided || from == S::documents_issued) return S::documents_issued;
      return std::nullopt;
    case E::sign:
      if (from == S::documents_issued) return S::service_signed;
      return std::nullopt;
    case E::close:
      if (from == S::decided || from == S::documents_issued || from == S::service_signed) return S::closed;
      return std::nullopt;
    case E::abandon:
      if (from == S::closed || from == S::abandoned || from == S::sealed) return std::nullopt;
      return S::abandoned;
    case E::seal:
      if (from == S::closed || from == S::abandoned) return S::sealed;
      return std::nullopt;
    case E::attach_media:
      if (from == S::sealed) return std::nullopt;
      return from;
  }
  return std::nullopt;
}

Expected<IntakeState> Intake::check(IntakeEvent what) const {
  if (auto next = next_state(record_.state, what)) return *next;
  return Error("case " + record_.number + ": cannot " + std::string(name_of(what)) + " while it is " +
               std::string(name_of(record_.state)) + " — " + std::string(requirement(what)));
}

AuditEvent Intake::event(std::string kind, Instant at, std::vector<std::pair<std::string, std::string>> detail) const {
  return AuditEvent{record_.number, std::move(kind), record_.staff.id, at, std::move(detail)};
}

Expected<Intake::Opened> Intake::open(OpenRequest request) {
  if (request.number.empty()) return Error("intake: no case number — the store allocates one before opening");
  if (request.matter_type.empty()) return Error("intake: the type of matter is missing — choose one");
  TRY(validate(request.staff));
  Case record;
  record.number = std::move(request.number);
  record.terminal_id = std::move(request.terminal_id);
  record.agency = std::move(request.agency);
  record.matter_type = std::move(request.matter_type);
  record.staff = std::move(request.staff);
  record.opened_at = request.at;
  Intake intake(std::move(record));
  AuditEvent opened = intake.event("case.opened", request.at,
                                   {{"matter_type", intake.record_.matter_type},
                                    {"terminal", intake.record_.terminal_id},
                                    {"staff_certificate", intake.record_.staff.certificate_number}});
  return Opened{std::move(intake), std::move(opened)};
}

Expected<AuditEvent> Intake::identify(Party party, Instant at) {
  const IntakeState next = TRY(check(E::identify));
  TRY(validate(party));
  const bool correction = record_.party.has_value();
  AuditEvent identified = event(correction ? "party.corrected" : "party.identified", at,
                                {{"kind", std::string(name_of(party.kind))},
                                 {"source", std::string(name_of(party.source))},
                                 {"id_kind", std::string(name_of(party.id_kind))},
                                 {"id_number", mask_id_number(party.id_number)}});
  record_.party = std::move(party);
  record_.state = next;
  return identified;
}

Expected<AuditEvent> Intake::add_material(Material material, Instant at) {
  const IntakeState next = TRY(check(E::add_material));
  TRY(validate(material));
  AuditEvent added = event("material.added", at,
                           {{"position", std::to_string(record_.materials.size() + 1)},
                            {"name", material.name},
                            {"copies", std::to_string(material.copies)},
                            {"pages", std::to_string(material.pages)},
                            {"form", std::string(name_of(material.form))}});
  record_.materials.push_back(std::move(material));
  record_.state = next;
  return added;
}

Expected<AuditEvent> Intake::remove_material(std::size_t index, Instant at) {
  TRY(check(E::remove_material));
  if (index >= record_.materials.size()) {
    return Error("case " + record_.number + ": there is no material number " + std::to_string(index + 1) +
                 " (the list has " + std::to_string(record_.materials.size()) + ")");
  }
  AuditEvent removed =
      event("material.removed", at, {{"position", std::to_string(index + 1)}, {"name", record_.materials[index].name}});
  record_.materials.erase(record_.materials.begin() + static_cast<std::ptrdiff_t>(index));
  record_.state = record_.materials.empty() ? S::identified : S::itemized;
  return removed;
}

Expected<AuditEvent> Intake::decide(Decision decision, Instant at) {
  const IntakeState next = TRY(check(E::decide));
  TRY(validate(decision));
  std::vector<std::pair<std::string, std::string>> detail{{"decision", std::string(name_of(decision.kind))}};
  if (!decision.reason.empty()) detail.emplace_back("reason", decision.reason);
  if (!decision.legal_basis.empty()) detail.emplace_back("legal_basis", decision.legal_basis);
  for (const std::string& item : decision.missing_items) detail.emplace_back("missing", item);
  AuditEvent decided = event(record_.decision ? "decision.changed" : "decision.made", at, std::move(detail));
  record_.decision = std::move(decision);
  record_.state = next;
  return decided;
}

Expected<AuditEvent> Intake::issue_documents(std::vector<DocumentRef> documents, Instant at) {
  const IntakeState next = TRY(check(E::issue_documents));
  if (documents.empty()) return Error("case " + record_.number + ": no documents to issue — render them first");
  std::vector<std::pair<std::string, std::string>> detail;
  for (const DocumentRef& document : documents) {
    if (document.kind.empty() || document.file.empty() || document.sha256.size() != 64) {
      return Error("case " + record_.number + ": document \"" + document.kind +
                   "\" has no file or hash — render it again");
    }
    detail.emplace_back(document.kind, document.sha256);
  }
  AuditEvent issued = event("documents.issued", at, std::move(detail));
  record_.documents = std::move(documents);
  record_.state = next;
  return issued;
}

Expected<AuditEvent> Intake::sign(SignatureRef signature, Instant at, std::vector<DocumentRef> attachments) {
  const IntakeState next = TRY(check(E::sign));
  const DocumentRef* signed_document = nullptr;
  for (const DocumentRef& document : record_.documents) {
    if (document.kind == signature.document_kind && document.sha256 == signature.document_sha256) {
      signed_document = &document;
    }
  }
  if (signed_document == nullptr) {
    return Error("case " + record_.number + ": the signature is for \"" + signature.document_kind +
                 "\", which is not among the issued documents (or has changed) — sign the document as issued");
  }
  if (signature.refused) {
    if (signature.refusal_note.empty() || signature.witness.empty()) {
      return Error("case " + record_.number + ": a refusal to sign needs a note and a witness — enter both");
    }
  } else if (signature.file.empty() || signature.sha256.size() != 64) {
    return Error("case " + record_.number + ": the signature has no pen data — capture it again");
  }
  for (const DocumentRef& attachment : attachments) {
    if (attachment.kind.empty() || attachment.file.empty() || attachment.sha256.size() != 64) {
      return Error("case " + record_.number + ": \"" + attachment.kind + "\" has no file or hash — sign again");
    }
  }
  AuditEvent signed_event = signature.refused ? event("signature.refused", at,
                                                      {{"document", signature.document_kind},
                                                       {"note", signature.refusal_note},
                                                       {"witness", signature.witness}})
                                              : event("signature.captured", at,
                                                      {{"document", signature.document_kind},
                                                       {"document_sha256", signature.document_sha256},
                                                       {"signature_sha256", signature.sha256}});
  for (DocumentRef& attachment : attachments) {
    signed_event.detail.emplace_back(attachment.kind, attachment.sha256);
    record_.documents.push_back(std::move(attachment));
  }
  record_.signature = std::move(signature);
  record_.state = next;
  return signed_event;
}

Expected<AuditEvent> Intake::close(Instant at) {
  const IntakeState next = TRY(check(E::close));
  std::vector<std::string> outstanding;
  if (record_.state == S::decided) outstanding.emplace_back("documents_not_issued");
  if (record_.state != S::service_signed) outstanding.emplace_back("proof_of_service_not_signed");
  std::vector<std::pair<std::string, std::string>> detail{{"outcome", std::string(outcome_of(record_))}};
  for (const std::string& step : outstanding) detail.emplace_back("outstanding", step);
  AuditEvent closed = event("case.closed", at, std::move(detail));
  record_.outstanding = std::move(outstanding);
  record_.closed_at = at;
  record_.state = next;
  return closed;
}

Expected<AuditEvent> Intake::abandon(std::string reason, Instant at) {
  const IntakeState next = TRY(check(E::abandon));
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error("case " + record_.number + ": abandoning needs a reason (applicant left, power lost, …)");
  }
  AuditEvent abandoned =
      event("case.abandoned", at, {{"reason", reason}, {"reached", std::string(name_of(record_.state))}});
  record_.abandoned_in = record_.state;
  record_.abandon_reason = std::move(reason);
  record_.closed_at = at;
  record_.state = next;
  return abandoned;
}

Expected<AuditEvent> Intake::seal(std::string seal_hash, Instant at) {
  const IntakeState next = TRY(check(E::seal));
  if (seal_hash.size() != 64) return Error("case " + record_.number + ": the seal hash is not a SHA-256");
  AuditEvent sealed =
      event("case.sealed", at, {{"seal_sha256", seal_hash}, {"outcome", std::string(outcome_of(record_))}});
  record_.seal_hash = std::move(seal_hash);
  record_.sealed_at = at;
  record_.state = next;
  return sealed;
}

Expected<AuditEvent> Intake::attach_media(MediaSegmentRef segment, Instant at) {
  TRY(check(E::attach_media));
  const auto expected_sequence = static_cast<std::int32_t>(record_.media.size() + 1);
  if (segment.sequence != expected_sequence) {
    return Error("case " + record_.number + ": media segment " + std::to_string(segment.sequence) +
                 " arrived where segment " + std::to_string(expected_sequence) +
                 " was due — segments are registered in order without gaps");
  }
  if (segment.file.empty() || segment.sha256.size() != 64) {
    return Error("case " + record_.number + ": media segment " + std::to_string(segment.sequence) +
                 " has no file or hash");
  }
  AuditEvent attached = event("media.registered", at,
                              {{"sequence", std::to_string(segment.sequence)},
                               {"file", segment.file},
                               {"sha256", segment.sha256},
                               {"bytes", std::to_string(segment.bytes)}});
  record_.media.push_back(std::move(segment));
  return attached;
}

std::string mask_id_number(std::string_view id_number) {
  if (id_number.size() <= 8) return std::string(id_number.size(), '*');
  return std::string(id_number.substr(0, 4)) + std::string(id_number.size() - 8, '*') +
         std::string(id_number.substr(id_number.size() - 4));
}

std::string mask_name(std::string_view name) {
  const std::u32string characters = decode_utf8(name);
  if (characters.empty()) return "";
  std::string masked;
  append_utf8(masked, characters.front());
  masked.append(characters.size() - 1, '*');
  return masked;
}

}  // namespace kiosk
