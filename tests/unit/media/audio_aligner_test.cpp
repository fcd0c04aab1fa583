#include "kiosk/media/audio_aligner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace kiosk::media {
namespace {

TEST(AdcTimeFilter, FollowsAClockThatRunsFastAndSmoothsJitter) {
  // Blocks of 480 samples from a card 200 ppm fast, with ±0.5 ms of timestamp jitter.
  AdcTimeFilter filter(48000, 480);
  std::mt19937 random(7);
  std::uniform_real_distribution<double> jitter(-0.5e6, 0.5e6);
  const double true_period = 1e9 / (48000 * 1.0002);
  double worst_late = 0;
  for (int block = 0; block < 60'000; ++block) {  // 10 minutes
    const double truth = block * 480 * true_period;
    const double smoothed = filter.update(truth + jitter(random), 480);
    if (block > 3000) worst_late = std::max(worst_late, std::fabs(smoothed - truth));
  }
  EXPECT_LT(worst_late, 0.2e6) << "after settling, the filtered time is within 0.2 ms of the truth";
}

// Feeds `seconds` of a card whose clock is `ppm` off; returns output samples minus what the clock says.
double aligned_error_samples(double ppm, bool correct, int seconds) {
  auto aligner = AudioAligner::create(48000, 0, correct);
  EXPECT_TRUE(aligner);
  std::vector<std::int16_t> block(480, 100);
  std::int64_t output = 0;
  std::int64_t first_pts = -1;
  double adc_ns = 0;
  const double block_ns = 480 * 1e9 / (48000 * (1 + ppm * 1e-6));
  for (int index = 0; index < seconds * 100; ++index) {
    auto aligned = (*aligner)->push(block, static_cast<std::int64_t>(adc_ns));
    EXPECT_TRUE(aligned);
    if (first_pts < 0) first_pts = aligned->first_pts;
    output += static_cast<std::int64_t>(aligned->samples.size());
    adc_ns += block_ns;
  }
  // Where the output stands against where the clock says this much time has passed.
  return static_cast<double>(first_pts + output) - adc_ns * 48000 / 1e9;
}

TEST(AudioAligner, CorrectionKeepsOutputSamplesOnTheMonotonicClock) {
  for (double ppm : {-300.0, 0.0, 300.0}) {
    EXPECT_LT(std::fabs(aligned_error_samples(ppm, true, 300)), 48 * 2) << ppm << " ppm: within 2 ms after 5 min";
  }
}

TEST(AudioAligner, WithoutCorrectionTheSampleCountDrifts) {
  // +300 ppm for 300 s: 0.09 s = 4320 samples too many.
  EXPECT_NEAR(aligned_error_samples(300, false, 300), 4320, 50);
}

TEST(AudioAligner, AGapIsFilledSoLaterAudioStaysInPlace) {
  auto aligner = AudioAligner::create(48000, 0);
  ASSERT_TRUE(aligner);
  std::vector<std::int16_t> block(480, 100);
  std::int64_t output = 0;
  for (int index = 0; index < 100; ++index)
    output += static_cast<std::int64_t>((*aligner)->push(block, index * 10'000'000)->samples.size());
  // The microphone was gone for 2 s; the next block's first sample is at 3.0 s.
  auto after_gap = (*aligner)->push(block, 3'000'000'000);
  ASSERT_TRUE(after_gap);
  output += static_cast<std::int64_t>(after_gap->samples.size());
  for (int index = 1; index < 100; ++index) {
    output += static_cast<std::int64_t>((*aligner)->push(block, 3'000'000'000 + index * 10'000'000)->samples.size());
  }
  EXPECT_NEAR(static_cast<double>(output), 4.0 * 48000, 48 * 5) << "the 2 s gap is kept as 2 s of silence";
}

}  // namespace
}  // namespace kiosk::media
