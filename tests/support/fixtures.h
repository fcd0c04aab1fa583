// Domain values for tests: a valid party, staff, materials and decisions.
#pragma once

#include <vector>

#include "kiosk/core/core.h"

namespace kiosk::testing {

// 11010519491231002X is the worked example of GB 11643-1999, valid by its check digit.
inline constexpr const char* kValidIdNumber = "11010519491231002X";

inline Staff staff() {
  return Staff{"S001", "李明", "44010020260001"};
}

inline Party person() {
  Party party;
  party.kind = PartyKind::person;
  party.name = "张三";
  party.sex = Sex::male;
  party.id_kind = IdDocumentKind::resident_id_card;
  party.id_number = kValidIdNumber;
  party.phone = "13800138000";
  party.address = "广东省广州市天河区示例路1号";
  party.source = IdentitySource::id_card_reader;
  return party;
}

inline Party organization() {
  Party party;
  party.kind = PartyKind::organization;
  party.name = "示例科技有限公司";
  party.id_kind = IdDocumentKind::unified_social_credit_code;
  party.id_number = "91440101MA5XXXXXXX";
  party.phone = "020-12345678";
  party.address = "广州市天河区示例大道2号";
  party.agent = Agent{"王五", "法务专员", IdDocumentKind::resident_id_card, kValidIdNumber, "13900139000"};
  party.source = IdentitySource::manual_entry;
  return party;
}

inline Material material(const char* name = "行政许可申请书", int copies = 1, int pages = 2) {
  return Material{name, copies, pages, MaterialForm::original, ""};
}

inline Decision accepted() {
  return Decision{DecisionKind::accepted, "", "", {}};
}

inline Instant at(std::int64_t seconds) {
  return Instant{1'795'000'000'000 + seconds * 1000, 480};
}

inline std::string hash_of(char c) {
  return std::string(64, c);
}

inline DocumentRef document(const char* kind, char hash) {
  return DocumentRef{kind, std::string("documents/") + kind + ".pdf", hash_of(hash)};
}

inline Case open_case_record(const char* number = "GXJ-2026-000001") {
  Case record;
  record.number = number;
  record.terminal_id = "T01";
  record.agency = "示例市市场监督管理局";
  record.matter_type = "行政许可申请";
  record.staff = staff();
  record.opened_at = at(0);
  return record;
}

// A case as the documents see it: numbered, the applicant identified, its materials listed and decided.
inline Case documented_case(Decision decision = accepted(), std::vector<Material> materials = {material()}) {
  Case record;
  record.number = "GXJ-2026-T01-000042";
  record.terminal_id = "T01";
  record.agency = "示例市市场监督管理局";
  record.matter_type = "行政许可申请";
  record.staff = staff();
  record.opened_at = Instant{1'795'919'900'000, 480};  // 2026-11-29 10:38 in China
  record.party = person();
  record.materials = std::move(materials);
  record.decision = std::move(decision);
  return record;
}

}  // namespace kiosk::testing
