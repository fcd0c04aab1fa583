#include <gtest/gtest.h>

#include "kiosk/core/core.h"
#include "support/fixtures.h"

namespace kiosk {
namespace {

using testing::material;
using testing::organization;
using testing::person;

TEST(ResidentIdNumber, AcceptsValidCheckDigits) {
  EXPECT_TRUE(is_valid_resident_id_number("11010519491231002X"));
  EXPECT_TRUE(is_valid_resident_id_number("11010519491231002x"));
  EXPECT_TRUE(is_valid_resident_id_number("440524188001010014"));
}

TEST(ResidentIdNumber, RejectsWrongCheckDigitsLengthsAndLetters) {
  EXPECT_FALSE(is_valid_resident_id_number("110105194912310021"));
  EXPECT_FALSE(is_valid_resident_id_number("11010519491231002"));
  EXPECT_FALSE(is_valid_resident_id_number("11010519491231002XX"));
  EXPECT_FALSE(is_valid_resident_id_number("11010519491A31002X"));
}

TEST(PartyValidation, AcceptsACompletePersonAndOrganization) {
  EXPECT_TRUE(validate(person()));
  EXPECT_TRUE(validate(organization()));
}

TEST(PartyValidation, NamesTheMissingField) {
  Party party = person();
  party.phone = "  ";
  auto result = validate(party);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("phone"), std::string::npos);

  party = person();
  party.id_number = "110105194912310021";
  result = validate(party);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("check digit"), std::string::npos);

  party = person();
  party.address.clear();
  EXPECT_FALSE(validate(party));
}

TEST(PartyValidation, PassportNumbersAreNotHeldToTheResidentCheckDigit) {
  Party party = person();
  party.id_kind = IdDocumentKind::passport;
  party.id_number = "E12345678";
  EXPECT_TRUE(validate(party));
}

TEST(PartyValidation, AnOrganizationNeedsItsAgentAndTitle) {
  Party party = organization();
  party.agent.reset();
  auto result = validate(party);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("agent"), std::string::npos);
  party = organization();
  party.agent->title.clear();
  EXPECT_FALSE(validate(party));
}

TEST(MaterialValidation, BoundsCopiesAndPages) {
  EXPECT_TRUE(validate(material()));
  EXPECT_FALSE(validate(material("申请书", 0, 1)));
  EXPECT_FALSE(validate(material("申请书", 1, 0)));
  EXPECT_FALSE(validate(material("申请书", kMaxCopies + 1, 1)));
  EXPECT_FALSE(validate(material("", 1, 1)));
  auto result = validate(material("申请书", 1, -3));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("pages must be 1 to"), std::string::npos);
}

TEST(DecisionValidation, NonAcceptanceNeedsReasonAndLegalBasis) {
  EXPECT_FALSE(validate(Decision{DecisionKind::not_accepted, "不属于本机关职权范围", "", {}}));
  EXPECT_FALSE(validate(Decision{DecisionKind::not_accepted, "", "《行政许可法》第三十二条", {}}));
  EXPECT_TRUE(validate(Decision{DecisionKind::not_accepted, "不属于本机关职权范围", "《行政许可法》第三十二条", {}}));
}

TEST(DecisionValidation, SupplementListsEveryMissingItemOnce) {
  EXPECT_FALSE(validate(Decision{DecisionKind::supplement_needed, "", "", {}}));
  EXPECT_FALSE(validate(Decision{DecisionKind::supplement_needed, "", "", {"章程", "章程"}}));
  EXPECT_FALSE(validate(Decision{DecisionKind::supplement_needed, "", "", {"章程", " "}}));
  EXPECT_TRUE(validate(Decision{DecisionKind::supplement_needed, "", "", {"章程", "场地证明"}}));
}

TEST(DecisionValidation, AcceptanceCarriesNoMissingItems) {
  EXPECT_TRUE(validate(Decision{DecisionKind::accepted, "", "", {}}));
  EXPECT_FALSE(validate(Decision{DecisionKind::accepted, "", "", {"章程"}}));
  EXPECT_TRUE(validate(Decision{DecisionKind::completed_on_the_spot, "", "", {}}));
}

TEST(StaffValidation, NeedsTheEnforcementCertificate) {
  EXPECT_TRUE(validate(testing::staff()));
  Staff staff = testing::staff();
  staff.certificate_number.clear();
  auto result = validate(staff);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("certificate"), std::string::npos);
}

TEST(EnumNames, RoundTripEveryState) {
  for (const auto& [state, name] : EnumNames<IntakeState>::entries) {
    EXPECT_EQ(enum_from_name<IntakeState>(name), state);
    EXPECT_EQ(name_of(state), name);
  }
  EXPECT_FALSE(enum_from_name<IntakeState>("nonsense"));
}

TEST(MaskIdNumber, KeepsFirstAndLastFour) {
  EXPECT_EQ(mask_id_number("210402199001011234"), "2104**********1234");
  EXPECT_EQ(mask_id_number("12345678"), "********");
  EXPECT_EQ(mask_id_number(""), "");
}

}  // namespace
}  // namespace kiosk
