// A camera or microphone that disappears mid-recording: the recording goes on with what is left, the gap is a
// gap in the files (and an event), the device is opened again when it returns, and sync holds afterwards.
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/app/record.h"
#include "support/av_sync_probe.h"
#include "support/temp_dir.h"

namespace kiosk::media {
namespace {

constexpr double kFramePeriod = 1.0 / 30;

app::RecordOptions outage_options(const std::filesystem::path& folder, int seconds) {
  app::RecordOptions options;
  options.out_dir = folder;
  options.seconds = seconds;
  options.simulate = true;
  options.virtual_clock = true;
  options.settings.width = 320;
  options.settings.height = 240;
  options.settings.fps = 30;
  options.settings.segment_seconds = 10;
  return options;
}

double seconds_since(const RecordingSummary& summary, std::int64_t ns) {
  return static_cast<double>(ns - summary.origin_ns) / 1e9;
}

TEST(SourceOutage, ACameraPulledOutLeavesAGapAndIsOpenedAgainWhenItIsBack) {
  testing::TempDir dir;
  auto options = outage_options(dir.path(), 12);
  options.unplug_camera = {3.0, 6.0};
  auto summary = app::run_record(options);
  ASSERT_TRUE(summary) << summary.error().message();

  ASSERT_EQ(summary->source_events.size(), 2u);
  const SourceEvent& lost = summary->source_events[0];
  const SourceEvent& back = summary->source_events[1];
  EXPECT_EQ(lost.source, Source::camera);
  EXPECT_FALSE(lost.restored);
  EXPECT_NEAR(seconds_since(*summary, lost.at_ns), 3.0 - kFramePeriod, 0.001) << "the last frame before the gap";
  EXPECT_NE(lost.detail.find("unplugged"), std::string::npos) << lost.detail;
  EXPECT_EQ(back.source, Source::camera);
  EXPECT_TRUE(back.restored);
  const double back_s = seconds_since(*summary, back.at_ns);
  EXPECT_GE(back_s, 6.0);
  EXPECT_LT(back_s, 7.2) << "reopened within about a second of its return";
  EXPECT_EQ(back.gap_ns, back.at_ns - lost.at_ns);

  // 90 frames before; after, every frame from its return to the end.
  const auto frames_after = static_cast<std::int64_t>((12.0 - back_s) * 30 + 0.5);
  EXPECT_NEAR(static_cast<double>(summary->video_frames), static_cast<double>(90 + frames_after), 1.0);
  EXPECT_EQ(summary->dropped_frames, 0);
  // The sound went on throughout: 12 s of it.
  EXPECT_NEAR(static_cast<double>(summary->audio_samples), 12 * 48000.0, 48000 * 0.05);

  const testing::SyncReport report = testing::probe_sync(dir.path());
  ASSERT_TRUE(report.error.empty()) << report.error;
  EXPECT_EQ(report.video_frames, summary->video_frames);
  for (double flash : report.flash_times) EXPECT_FALSE(flash > 3.0 && flash < 6.0) << "a picture in the gap";
  // Every tone has its flash, within a frame, before and after the gap.
  EXPECT_GE(report.offsets.size(), 8u);
  EXPECT_LT(report.max_abs_offset, kFramePeriod);
  EXPECT_GT(report.flash_times.back(), 10.9) << "the picture is back to the end";
  for (double duration : report.file_durations) EXPECT_GT(duration, 0);
}

TEST(SourceOutage, AMicrophonePulledOutLeavesSilenceAndSyncHoldsAfterItsReturn) {
  testing::TempDir dir;
  auto options = outage_options(dir.path(), 12);
  options.unplug_microphone = {3.0, 6.0};
  auto summary = app::run_record(options);
  ASSERT_TRUE(summary) << summary.error().message();

  ASSERT_EQ(summary->source_events.size(), 2u);
  EXPECT_EQ(summary->source_events[0].source, Source::microphone);
  EXPECT_FALSE(summary->source_events[0].restored);
  EXPECT_EQ(summary->source_events[1].source, Source::microphone);
  EXPECT_TRUE(summary->source_events[1].restored);
  const double back_s = seconds_since(*summary, summary->source_events[1].at_ns);
  EXPECT_GE(back_s, 6.0);
  EXPECT_LT(back_s, 7.2);
  EXPECT_EQ(summary->video_frames, 12 * 30) << "the picture went on throughout";

  const testing::SyncReport report = testing::probe_sync(dir.path());
  ASSERT_TRUE(report.error.empty()) << report.error;
  for (double onset : report.onset_times) EXPECT_FALSE(onset > 3.1 && onset < 6.0) << "sound in the gap";
  const auto after =
      std::count_if(report.onset_times.begin(), report.onset_times.end(), [&](double onset) { return onset > back_s; });
  EXPECT_GE(after, 4) << "tones after the microphone came back";
  // The sound after the gap is where it belongs: at its flash, within a frame.
  EXPECT_GE(report.offsets.size(), 7u);
  EXPECT_LT(report.max_abs_offset, kFramePeriod);
}

TEST(SourceOutage, WithoutACameraFromTheStartTheSoundIsStillRecorded) {
  testing::TempDir dir;
  auto options = outage_options(dir.path(), 8);
  options.unplug_camera = {0.0, 3600.0};
  auto summary = app::run_record(options);
  ASSERT_TRUE(summary) << summary.error().message();
  EXPECT_EQ(summary->video_frames, 0);
  ASSERT_FALSE(summary->source_events.empty());
  EXPECT_FALSE(summary->source_events[0].restored);
  ASSERT_FALSE(summary->segments.empty());

  const testing::SyncReport report = testing::probe_sync(dir.path());
  ASSERT_TRUE(report.error.empty()) << report.error;
  EXPECT_EQ(report.video_frames, 0);
  // All eight tones, from the first second on: nothing waiting for a picture was thrown away.
  EXPECT_GE(report.onset_times.size(), 8u);
  EXPECT_LT(report.onset_times.front(), 0.1);
}

// Real time: the supervisor thread notices the loss and reopens the device by itself.
TEST(SourceOutage, InRealTimeTheSupervisorNoticesAndReopens) {
  testing::TempDir dir;
  auto options = outage_options(dir.path(), 5);
  options.virtual_clock = false;
  options.settings.width = 160;
  options.settings.height = 120;
  options.unplug_microphone = {1.5, 3.0};
  auto summary = app::run_record(options);
  ASSERT_TRUE(summary) << summary.error().message();
  ASSERT_EQ(summary->source_events.size(), 2u);
  EXPECT_EQ(summary->source_events[0].source, Source::microphone);
  EXPECT_FALSE(summary->source_events[0].restored);
  EXPECT_TRUE(summary->source_events[1].restored);
  const double back_s = seconds_since(*summary, summary->source_events[1].at_ns);
  EXPECT_GE(back_s, 3.0);
  EXPECT_LT(back_s, 4.5);
  EXPECT_GE(summary->source_events[1].gap_ns, 1'400'000'000);
}

}  // namespace
}  // namespace kiosk::media
