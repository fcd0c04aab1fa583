// kiosk/documents — what the applicant is handed and the case file keeps. The kinds and which decision calls for
// which are here now; models, layout and the raster/PDF renderers come with the documents issue.
#pragma once

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/decision.h"
#include "kiosk/core/enum_names.h"

namespace kiosk::documents {

enum class DocumentKind {
  material_receipt,       // 收取材料清单
  acceptance_notice,      // 受理通知书
  non_acceptance_notice,  // 不予受理通知书
  supplement_notice,      // 补正材料一次性告知书
  proof_of_service,       // 送达回证
};

struct DocumentTitle {
  std::string_view zh;
  std::string_view en;
};

DocumentTitle title_of(DocumentKind kind);

// The documents a decision requires, in the order they are issued: the receipt first, the proof of service last.
std::vector<DocumentKind> documents_for(DecisionKind decision);

}  // namespace kiosk::documents

namespace kiosk {
template <>
struct EnumNames<documents::DocumentKind> {
  using K = documents::DocumentKind;
  static constexpr std::array entries{std::pair{K::material_receipt, std::string_view{"material_receipt"}},
                                      std::pair{K::acceptance_notice, std::string_view{"acceptance_notice"}},
                                      std::pair{K::non_acceptance_notice, std::string_view{"non_acceptance_notice"}},
                                      std::pair{K::supplement_notice, std::string_view{"supplement_notice"}},
                                      std::pair{K::proof_of_service, std::string_view{"proof_of_service"}}};
};
}  // namespace kiosk
