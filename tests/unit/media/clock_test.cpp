#include "kiosk/media/clock.h"

#include <gtest/gtest.h>

namespace kiosk::media {
namespace {

TEST(SystemClock, MonotonicNeverGoesBackAndWallTimeIsRecent) {
  SystemClock clock;
  const auto first = clock.monotonic_ns();
  const auto second = clock.monotonic_ns();
  EXPECT_LE(first, second);
  const Instant now = clock.now();
  EXPECT_GT(now.unix_ms, 1'700'000'000'000);  // after 2023
  EXPECT_LE(std::abs(now.utc_offset_minutes), 14 * 60);
}

TEST(ManualClock, MovesBothClocksTogetherOnlyWhenTold) {
  ManualClock clock(Instant{1000, 480}, 5);
  EXPECT_EQ(clock.monotonic_ns(), 5);
  clock.advance_ms(250);
  EXPECT_EQ(clock.monotonic_ns(), 250'000'005);
  EXPECT_EQ(clock.now().unix_ms, 1250);
  EXPECT_EQ(clock.now().utc_offset_minutes, 480);
}

}  // namespace
}  // namespace kiosk::media
