// The notices a decision calls for — 受理通知书, 不予受理通知书 (with the reason, the legal basis and the
// applicant's rights of review and litigation with their time limits), 补正材料一次性告知书 (everything missing,
// listed at once) — and the proof of service (送达回证) listing what was served, when, where and by whom.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/case.h"
#include "kiosk/documents/documents.h"
#include "kiosk/documents/layout.h"
#include "kiosk/documents/templates.h"

namespace kiosk::documents {

// The notice for the case's decision; the error says what is missing (no decision, no reason, an empty list).
Expected<Layout> decision_notice(const Case& record, const Templates& templates);
// What stands where the recipient signs the proof of service: the signature's ink, or the refusal to sign with
// its note and witness; nothing on the copy shown for signing.
struct ServiceMark {
  std::optional<devices::GrayImage> signature;
  std::string refusal_note;  // non-empty: the recipient refused to sign
  std::string witness;
};

// The proof of service for the documents the decision calls for, served at `served_at`.
Expected<Layout> proof_of_service(const Case& record, const Templates& templates, Instant served_at,
                                  const ServiceMark& mark = {});
// Any document of the case by kind (the receipt with all its slips, and `code` as its verification code).
Expected<Layout> document_layout(DocumentKind kind, const Case& record, const Templates& templates, Instant now,
                                 const ServiceMark& mark = {}, std::string_view code = {});

}  // namespace kiosk::documents
