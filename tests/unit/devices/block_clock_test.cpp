// Timing capture blocks on CLOCK_MONOTONIC, from the host's ADC times or from the sample count and arrivals.
#include "devices/audio/block_clock.h"

#include <gtest/gtest.h>

#include <random>

namespace kiosk::devices {
namespace {

constexpr std::uint32_t kRate = 48000;
constexpr std::uint64_t kFrames = 480;
constexpr std::int64_t kBlockNs = 10'000'000;
constexpr std::int64_t kStartNs = 5'000'000'000'000;

TEST(BlockClock, AHostClockOnClockMonotonicIsTakenAsItIs) {
  BlockClock clock(kRate);
  // ALSA hw: stream time is CLOCK_MONOTONIC; the ADC time is what the hardware said, jitter and all.
  const double adc = static_cast<double>(kStartNs) / 1e9;
  EXPECT_EQ(clock.time_block(kStartNs + 12'000'000, adc, adc + 0.012, kFrames, false), kStartNs);
  EXPECT_TRUE(clock.host_clock());
  EXPECT_EQ(clock.time_block(kStartNs + 22'000'000, adc + 0.0103, adc + 0.022, kFrames, false), kStartNs + 10'300'000);
  // No ADC time from the host: its current time less the block.
  EXPECT_EQ(clock.time_block(kStartNs + 32'000'000, 0, adc + 0.032, kFrames, false), kStartNs + 22'000'000);
}

// A stream on another clock (CLOCK_REALTIME, as ALSA's pulse plugin reports) with wandering latency reports: the
// times come from the count, anchored at the quickest arrival, whatever the reports say.
TEST(BlockClock, OtherwiseTimesFollowTheSampleCountAnchoredAtTheQuickestArrival) {
  BlockClock clock(kRate);
  std::mt19937 random(7);
  std::uniform_int_distribution<std::int64_t> delay_ms(0, 40);
  const double wall = 1.795e9;
  std::int64_t previous = 0;
  for (int block = 0; block < 1000; ++block) {
    const std::int64_t captured = kStartNs + block * kBlockNs;  // the block's first sample, true time
    // Handed over when its last sample is in, plus 15 ms of buffering, plus up to 40 ms of scheduling.
    const std::int64_t arrival = captured + kBlockNs + 15'000'000 + delay_ms(random) * 1'000'000;
    const double garbage_adc = wall + block * 0.02;  // a latency report that runs twice as fast
    const std::int64_t time = clock.time_block(arrival, garbage_adc, wall + block * 0.01, kFrames, false);
    EXPECT_FALSE(clock.host_clock());
    EXPECT_LE(time, arrival - kBlockNs) << "block " << block;
    if (block >= 200) {
      // Once a block has come without scheduling delay, the error is the buffering alone, and constant.
      EXPECT_EQ(time - captured, 15'000'000) << "block " << block;
      EXPECT_EQ(time - previous, kBlockNs) << "block " << block;
    }
    previous = time;
  }
}

TEST(BlockClock, SamplesLostAreAGapInTheTimes) {
  BlockClock clock(kRate);
  std::int64_t captured = kStartNs;
  for (int block = 0; block < 100; ++block, captured += kBlockNs) {
    clock.time_block(captured + kBlockNs + 5'000'000, 0, 1.0, kFrames, false);
  }
  // An overflow: 300 ms of samples were thrown away by the host.
  captured += 300'000'000;
  EXPECT_EQ(clock.time_block(captured + kBlockNs + 5'000'000, 0, 1.0, kFrames, true), captured + 5'000'000);
  // A stall the host did not flag (a block 700 ms late, the samples between gone): the same.
  captured += kBlockNs + 700'000'000;
  EXPECT_EQ(clock.time_block(captured + kBlockNs + 5'000'000, 0, 1.0, kFrames, false), captured + 5'000'000);
  captured += kBlockNs;
  EXPECT_EQ(clock.time_block(captured + kBlockNs + 5'000'000, 0, 1.0, kFrames, false), captured + 5'000'000);
}

TEST(BlockClock, AFastSoundCardIsFollowedNotCounted) {
  // 300 ppm fast: 48014.4 samples a true second. Counting would run 180 ms ahead after ten minutes.
  BlockClock clock(kRate);
  const double true_block_ns = 1e9 * kFrames / (kRate * (1 + 300e-6));
  std::int64_t worst = 0;
  for (int block = 0; block < 60'000; ++block) {
    const auto captured = kStartNs + static_cast<std::int64_t>(static_cast<double>(block) * true_block_ns);
    const auto arrival = captured + static_cast<std::int64_t>(true_block_ns) + 2'000'000 + (block % 7) * 1'000'000;
    const std::int64_t time = clock.time_block(arrival, 0, 1.0, kFrames, false);
    worst = std::max<std::int64_t>(worst, std::llabs(time - captured - 2'000'000));
  }
  EXPECT_LT(worst, 3'000'000) << "within a few ms of the true time after ten minutes";
}

}  // namespace
}  // namespace kiosk::devices
