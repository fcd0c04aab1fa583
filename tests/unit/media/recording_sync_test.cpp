// Lip-sync measured in the written files: flash frames against tone onsets, through the whole pipeline
// (simulators → queue → drift correction → encoders → fragmented MP4 segments → libav decoding).
#include <gtest/gtest.h>

#include "devices/audio/simulated_microphone.h"
#include "devices/camera/simulated_camera.h"
#include "kiosk/app/record.h"
#include "kiosk/media/recorder.h"
#include "support/av_sync_probe.h"
#include "support/temp_dir.h"

namespace kiosk {
namespace {

struct SyncCase {
  double drift_ppm;
  int seconds;
};

class RecordingSync : public ::testing::TestWithParam<SyncCase> {};

TEST_P(RecordingSync, AudioStaysWithinOneFramePeriodOfVideo) {
  const SyncCase sync_case = GetParam();
  testing::TempDir dir;
  app::RecordOptions options;
  options.out_dir = dir.path();
  options.seconds = sync_case.seconds;
  options.simulate = true;
  options.virtual_clock = true;
  options.audio_drift_ppm = sync_case.drift_ppm;
  options.settings.width = 320;
  options.settings.height = 240;
  options.settings.fps = 30;
  options.settings.segment_seconds = 120;  // several segments: sync must hold across them
  auto summary = app::run_record(options);
  ASSERT_TRUE(summary) << summary.error().message();
  EXPECT_EQ(summary->dropped_frames, 0);
  EXPECT_EQ(summary->video_frames, std::int64_t{sync_case.seconds} * 30);

  const testing::SyncReport report = testing::probe_sync(dir.path());
  ASSERT_TRUE(report.error.empty()) << report.error;
  EXPECT_EQ(report.video_frames, std::int64_t{sync_case.seconds} * 30);
  // One flash and one tone a second; every second (but possibly the very first) pairs up.
  EXPECT_GE(static_cast<int>(report.offsets.size()), sync_case.seconds - 1);
  const double frame_period = 1.0 / 30;
  EXPECT_LT(report.max_abs_offset, frame_period)
      << "first offset " << report.first_offset * 1000 << " ms, last " << report.last_offset * 1000 << " ms";
  std::printf("sync at %+.0f ppm over %d s: %zu pairs, max |offset| %.2f ms, first %.2f ms, last %.2f ms\n",
              sync_case.drift_ppm, sync_case.seconds, report.offsets.size(), report.max_abs_offset * 1000,
              report.first_offset * 1000, report.last_offset * 1000);
}

INSTANTIATE_TEST_SUITE_P(Drift, RecordingSync,
                         ::testing::Values(SyncCase{0, 600}, SyncCase{300, 600}, SyncCase{-300, 600}),
                         [](const ::testing::TestParamInfo<SyncCase>& param_info) {
                           const int ppm = static_cast<int>(param_info.param.drift_ppm);
                           return std::string(ppm < 0 ? "minus" : "plus") + std::to_string(std::abs(ppm)) + "ppm_" +
                                  std::to_string(param_info.param.seconds) + "s";
                         });

TEST(RecordingPreview, PublishesADownscaledFrameAboutTenTimesASecond) {
  testing::TempDir dir;
  auto time = devices::SimulatedTime::virtual_time(5'000'000'000);
  devices::SimulatedCamera camera(time);
  devices::SimulatedMicrophone microphone(time, 0);
  auto preview = std::make_shared<media::PreviewSlot>();
  media::Recorder::Options options;
  options.settings.width = 320;
  options.settings.height = 240;
  options.folder = dir.path();
  options.origin_ns = time->start_ns();
  options.lossless = true;
  options.preview = preview;
  options.preview_width = 160;
  options.preview_height = 120;
  std::vector<std::int64_t> seen;
  time->pause();
  auto recorder = media::Recorder::start(options, camera, microphone);
  time->resume();
  ASSERT_TRUE(recorder) << recorder.error().message();
  while ((*recorder)->encoded_until_ns() < time->start_ns() + 3'000'000'000) {
    if (auto frame = preview->latest(); frame && (seen.empty() || seen.back() != frame->capture_ns)) {
      EXPECT_EQ(frame->width, 160u);
      EXPECT_EQ(frame->i420.size(), 160u * 120 * 3 / 2);
      seen.push_back(frame->capture_ns);
    }
  }
  ASSERT_TRUE((*recorder)->stop());
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i] - seen[i - 1], 99'000'000) << "at most ~10 a second";
}

// The control: the same +300 ppm microphone without drift correction walks out of sync, as a real sound card
// would (0.3 ms a second) — so the test above passes because of the correction, not by construction.
TEST(RecordingSyncControl, WithoutCorrectionADriftingMicrophoneLeavesTheFrame) {
  testing::TempDir dir;
  app::RecordOptions options;
  options.out_dir = dir.path();
  options.seconds = 150;
  options.simulate = true;
  options.virtual_clock = true;
  options.audio_drift_ppm = 300;
  options.settings.width = 160;
  options.settings.height = 120;
  options.settings.correct_audio_drift = false;
  auto summary = app::run_record(options);
  ASSERT_TRUE(summary) << summary.error().message();
  const testing::SyncReport report = testing::probe_sync(dir.path());
  ASSERT_TRUE(report.error.empty()) << report.error;
  EXPECT_LT(std::abs(report.first_offset), 0.005);
  EXPECT_NEAR(report.last_offset, 149 * 300e-6, 0.005) << "0.3 ms later every second";
  EXPECT_GT(report.max_abs_offset, 1.0 / 30);
}

}  // namespace
}  // namespace kiosk
