#include "kiosk/documents/documents.h"

namespace kiosk::documents {

DocumentTitle title_of(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::material_receipt: return {"收取材料清单", "Receipt of materials"};
    case DocumentKind::acceptance_notice: return {"受理通知书", "Notice of acceptance"};
    case DocumentKind::non_acceptance_notice: return {"不予受理通知书", "Notice of non-acceptance"};
    case DocumentKind::supplement_notice: return {"补正材料一次性告知书", "One-time notice of materials to supplement"};
    case DocumentKind::proof_of_service: return {"送达回证", "Proof of service"};
  }
  return {"", ""};
}

std::vector<DocumentKind> documents_for(DecisionKind decision) {
  switch (decision) {
    case DecisionKind::accepted:
      return {DocumentKind::material_receipt, DocumentKind::acceptance_notice, DocumentKind::proof_of_service};
    case DecisionKind::not_accepted:
      return {DocumentKind::material_receipt, DocumentKind::non_acceptance_notice, DocumentKind::proof_of_service};
    case DecisionKind::supplement_needed:
      return {DocumentKind::material_receipt, DocumentKind::supplement_notice, DocumentKind::proof_of_service};
    case DecisionKind::completed_on_the_spot: return {DocumentKind::material_receipt, DocumentKind::proof_of_service};
  }
  return {};
}

}  // namespace kiosk::documents
