#include "kiosk/core/instant.h"

#include <gtest/gtest.h>

namespace kiosk {
namespace {

TEST(Instant, FormatsTheEpochInUtc) {
  EXPECT_EQ(format_rfc3339({0, 0}), "1970-01-01T00:00:00.000+00:00");
}

TEST(Instant, FormatsLocalTimeWithItsOffset) {
  // 2026-11-29T02:38:20.123Z is 10:38:20.123 in China (+08:00).
  EXPECT_EQ(format_rfc3339({1'795'919'900'123, 480}), "2026-11-29T10:38:20.123+08:00");
}

TEST(Instant, FormatsNegativeOffsetsAndTimesBefore1970) {
  EXPECT_EQ(format_rfc3339({-1, 0}), "1969-12-31T23:59:59.999+00:00");
  EXPECT_EQ(format_rfc3339({0, -330}), "1969-12-31T18:30:00.000-05:30");
}

TEST(Instant, HandlesLeapDays) {
  // 2024-02-29T12:00:00Z
  EXPECT_EQ(format_rfc3339({1'709'208'000'000, 0}), "2024-02-29T12:00:00.000+00:00");
}

TEST(Instant, LocalYearFollowsTheOffsetAcrossNewYear) {
  const Instant utc_new_years_eve{1'798'761'599'000, 0};  // 2026-12-31T23:59:59Z
  EXPECT_EQ(local_year(utc_new_years_eve), 2026);
  EXPECT_EQ(local_year({utc_new_years_eve.unix_ms, 480}), 2027);  // already 07:59 on 1 January in China
}

}  // namespace
}  // namespace kiosk
