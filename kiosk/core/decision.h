// The decision on the materials received, which decides the notice the applicant is served.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/enum_names.h"
#include "kiosk/core/error.h"

namespace kiosk {

enum class DecisionKind {
  accepted,               // 受理 — acceptance notice
  not_accepted,           // 不予受理 — non-acceptance notice, with reason and legal basis
  supplement_needed,      // 补正 — one notice listing everything missing, all at once
  completed_on_the_spot,  // 当场办结
};

struct Decision {
  DecisionKind kind = DecisionKind::accepted;
  std::string reason;                      // required when not accepted
  std::string legal_basis;                 // 法律依据, required when not accepted
  std::vector<std::string> missing_items;  // the complete list, when a supplement is needed

  friend bool operator==(const Decision&, const Decision&) = default;
};

Expected<void> validate(const Decision& decision);

template <>
struct EnumNames<DecisionKind> {
  static constexpr std::array entries{
      std::pair{DecisionKind::accepted, std::string_view{"accepted"}},
      std::pair{DecisionKind::not_accepted, std::string_view{"not_accepted"}},
      std::pair{DecisionKind::supplement_needed, std::string_view{"supplement_needed"}},
      std::pair{DecisionKind::completed_on_the_spot, std::string_view{"completed_on_the_spot"}}};
};

}  // namespace kiosk
