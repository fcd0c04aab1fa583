#include <gtest/gtest.h>

#include "kiosk/documents/documents.h"

namespace kiosk::documents {
namespace {

TEST(DocumentsFor, EveryDecisionStartsWithTheReceiptAndEndsWithTheProofOfService) {
  for (const auto& [decision, name] : EnumNames<DecisionKind>::entries) {
    const auto kinds = documents_for(decision);
    ASSERT_GE(kinds.size(), 2u) << name;
    EXPECT_EQ(kinds.front(), DocumentKind::material_receipt) << name;
    EXPECT_EQ(kinds.back(), DocumentKind::proof_of_service) << name;
  }
}

TEST(DocumentsFor, EachDecisionGetsItsOwnNotice) {
  EXPECT_EQ(documents_for(DecisionKind::not_accepted)[1], DocumentKind::non_acceptance_notice);
  EXPECT_EQ(documents_for(DecisionKind::supplement_needed)[1], DocumentKind::supplement_notice);
  EXPECT_EQ(documents_for(DecisionKind::accepted)[1], DocumentKind::acceptance_notice);
  EXPECT_EQ(documents_for(DecisionKind::completed_on_the_spot).size(), 2u);
}

TEST(DocumentTitles, AreChineseFirstWithEnglish) {
  EXPECT_EQ(title_of(DocumentKind::supplement_notice).zh, "补正材料一次性告知书");
  EXPECT_EQ(title_of(DocumentKind::proof_of_service).en, "Proof of service");
}

}  // namespace
}  // namespace kiosk::documents
