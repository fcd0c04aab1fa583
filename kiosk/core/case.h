// 一案一档 — one case, one file: everything the record of one intake holds.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/decision.h"
#include "kiosk/core/enum_names.h"
#include "kiosk/core/instant.h"
#include "kiosk/core/material.h"
#include "kiosk/core/party.h"
#include "kiosk/core/references.h"
#include "kiosk/core/staff.h"

namespace kiosk {

enum class IntakeState {
  opened,            // recording has begun
  identified,        // the party is known
  itemized,          // at least one material is listed
  decided,           // accepted / not accepted / supplement / completed on the spot
  documents_issued,  // receipt, notice and proof of service issued
  service_signed,    // the proof of service is signed, or the refusal to sign is recorded
  closed,            // recording stopped; ready to seal
  abandoned,         // ended early (applicant left, power lost): sealed as what it is
  sealed,            // the case file is written; nothing changes any more
};

struct Case {
  std::string number;
  std::string terminal_id;
  std::string agency;
  std::string matter_type;  // 事项类型
  Staff staff;
  IntakeState state = IntakeState::opened;
  Instant opened_at;
  std::optional<Instant> closed_at;
  std::optional<Instant> sealed_at;

  std::optional<Party> party;
  std::vector<Material> materials;
  std::optional<Decision> decision;
  std::vector<DocumentRef> documents;
  std::optional<SignatureRef> signature;
  std::vector<MediaSegmentRef> media;

  std::string abandon_reason;
  IntakeState abandoned_in = IntakeState::opened;  // the state the intake had reached when abandoned
  std::vector<std::string> outstanding;            // steps the law expects that were not done when it closed
  std::string seal_hash;                           // SHA-256 of the sealed case file's tag manifest

  friend bool operator==(const Case&, const Case&) = default;
};

// The outcome for the case file's cover: the decision's name, or "abandoned".
std::string_view outcome_of(const Case& record);

template <>
struct EnumNames<IntakeState> {
  static constexpr std::array entries{std::pair{IntakeState::opened, std::string_view{"opened"}},
                                      std::pair{IntakeState::identified, std::string_view{"identified"}},
                                      std::pair{IntakeState::itemized, std::string_view{"itemized"}},
                                      std::pair{IntakeState::decided, std::string_view{"decided"}},
                                      std::pair{IntakeState::documents_issued, std::string_view{"documents_issued"}},
                                      std::pair{IntakeState::service_signed, std::string_view{"service_signed"}},
                                      std::pair{IntakeState::closed, std::string_view{"closed"}},
                                      std::pair{IntakeState::abandoned, std::string_view{"abandoned"}},
                                      std::pair{IntakeState::sealed, std::string_view{"sealed"}}};
};

}  // namespace kiosk
