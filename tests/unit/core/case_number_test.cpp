#include "kiosk/core/case_number.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(CaseNumberPattern, FormatsAgencyYearAndZeroPaddedSequence) {
  auto pattern = CaseNumberPattern::parse("FS-GXJ-{year}-{seq:06}");
  ASSERT_TRUE(pattern) << pattern.error().message();
  auto number = pattern->format(2026, "T01", 123);
  ASSERT_TRUE(number);
  EXPECT_EQ(*number, "FS-GXJ-2026-000123");
}

TEST(CaseNumberPattern, SubstitutesTheTerminal) {
  auto pattern = CaseNumberPattern::parse("{terminal}_{seq}");
  ASSERT_TRUE(pattern);
  EXPECT_EQ(*pattern->format(2026, "HALL-3", 7), "HALL-3_7");
}

TEST(CaseNumberPattern, SequenceWiderThanItsWidthIsNotTruncated) {
  auto pattern = CaseNumberPattern::parse("X{seq:03}");
  ASSERT_TRUE(pattern);
  EXPECT_EQ(*pattern->format(2026, "T", 12345), "X12345");
}

TEST(CaseNumberPattern, WidthsOfTwoDigitsParse) {
  auto pattern = CaseNumberPattern::parse("A{seq:010}");
  ASSERT_TRUE(pattern);
  EXPECT_EQ(*pattern->format(2026, "T", 5), "A0000000005");
}

TEST(CaseNumberPattern, ScopeIsTheYearOnlyWhenThePatternHasOne) {
  EXPECT_EQ(CaseNumberPattern::parse("A-{year}-{seq}")->scope(2027), "2027");
  EXPECT_EQ(CaseNumberPattern::parse("A-{seq}")->scope(2027), "all");
}

TEST(CaseNumberPattern, RejectsPatternsWithoutExactlyOneSequence) {
  EXPECT_FALSE(CaseNumberPattern::parse("FS-{year}"));
  auto twice = CaseNumberPattern::parse("{seq}-{seq}");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message().find("exactly one {seq}"), std::string::npos);
}

TEST(CaseNumberPattern, RejectsUnknownTokensAndUnsafeCharacters) {
  auto unknown = CaseNumberPattern::parse("{month}-{seq}");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("unknown token {month}"), std::string::npos);
  EXPECT_FALSE(CaseNumberPattern::parse("A/{seq}"));   // would make a folder
  EXPECT_FALSE(CaseNumberPattern::parse("A {seq}"));   // spaces in S3 keys
  EXPECT_FALSE(CaseNumberPattern::parse("A-{seq"));    // unclosed
  EXPECT_FALSE(CaseNumberPattern::parse("A{seq:6}"));  // width needs the leading 0
}

TEST(CaseNumberPattern, RefusesTerminalIdsThatCannotNameAFolder) {
  auto pattern = CaseNumberPattern::parse("{terminal}-{seq}");
  ASSERT_TRUE(pattern);
  EXPECT_FALSE(pattern->format(2026, "../etc", 1));
  EXPECT_FALSE(pattern->format(2026, "T01", 0));
}

}  // namespace
}  // namespace kiosk
