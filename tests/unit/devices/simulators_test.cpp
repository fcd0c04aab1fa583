#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "devices/audio/simulated_microphone.h"
#include "devices/camera/simulated_camera.h"

namespace kiosk::devices {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

TEST(SimulatedCamera, FlashesOnTheFrameAtEachWholeSecond) {
  const std::int64_t start = 5 * kSecond;
  for (std::uint32_t fps : {25u, 30u}) {
    int flashes = 0;
    for (std::int64_t frame = 0; frame < 10 * fps; ++frame) {
      const bool flash = SimulatedCamera::is_flash(start, fps, frame);
      EXPECT_EQ(flash, frame % fps == 0) << "fps " << fps << " frame " << frame;
      flashes += flash ? 1 : 0;
    }
    EXPECT_EQ(flashes, 10);
    EXPECT_EQ(SimulatedCamera::frame_time_ns(start, fps, fps), start + kSecond);
  }
}

TEST(SimulatedCamera, FlashesOnTheFirstFrameAfterASecondWhenFramesDoNotLandOnIt) {
  const std::int64_t start = kSecond + 10'000'000;  // 10 ms past a whole second
  EXPECT_FALSE(SimulatedCamera::is_flash(start, 30, 1));
  // Frame 30 is at 2.010 s: the first frame in second 2.
  EXPECT_TRUE(SimulatedCamera::is_flash(start, 30, 30));
  EXPECT_FALSE(SimulatedCamera::is_flash(start, 30, 31));
}

TEST(SimulatedCamera, DrawsAMovingPatternAndAWhiteFlash) {
  const VideoFormat format{64, 48, 30, PixelFormat::yuv420};
  std::vector<std::uint8_t> first;
  std::vector<std::uint8_t> later;
  std::vector<std::uint8_t> flash;
  SimulatedCamera::draw(first, format, 1, false);
  SimulatedCamera::draw(later, format, 15, false);
  SimulatedCamera::draw(flash, format, 30, true);
  ASSERT_EQ(first.size(), 64u * 48 * 3 / 2);
  EXPECT_NE(first, later) << "the bar moves";
  EXPECT_EQ(flash[0], 235);
  EXPECT_EQ(flash[64 * 48 - 1], 235);
}

TEST(SimulatedCamera, RefusesFormatsItCannotDraw) {
  SimulatedCamera camera(SimulatedTime::virtual_time(0));
  EXPECT_FALSE(camera.start(VideoFormat{15, 48, 30, PixelFormat::yuv420}, [](const VideoFrameView&) {}));
  EXPECT_FALSE(camera.start(VideoFormat{64, 48, 0, PixelFormat::yuv420}, [](const VideoFrameView&) {}));
  EXPECT_FALSE(camera.start(VideoFormat{64, 48, 30, PixelFormat::mjpeg}, [](const VideoFrameView&) {}));
}

TEST(SimulatedMicrophone, PlaysA50msToneAtEachWholeSecond) {
  EXPECT_EQ(SimulatedMicrophone::sample_at(3 * kSecond), 0);            // sin(0)
  EXPECT_NE(SimulatedMicrophone::sample_at(3 * kSecond + 250'000), 0);  // a quarter of a 1 kHz period in
  EXPECT_EQ(SimulatedMicrophone::sample_at(3 * kSecond + 60'000'000), 0);
  EXPECT_EQ(SimulatedMicrophone::sample_at(3 * kSecond - 1'000'000), 0);
}

TEST(SimulatedMicrophone, ItsSampleClockRunsOffByTheGivenPpm) {
  // 48,000 × 3,600 samples: at +100 ppm they are taken in 3,600 / 1.0001 s, 0.36 s early.
  const std::int64_t samples = 48'000LL * 3600;
  const std::int64_t nominal = SimulatedMicrophone::sample_time_ns(0, 48000, 0, samples);
  const std::int64_t fast = SimulatedMicrophone::sample_time_ns(0, 48000, 100, samples);
  EXPECT_EQ(nominal, 3600 * kSecond);
  EXPECT_NEAR(static_cast<double>(nominal - fast), 0.36e9, 1e6);
}

TEST(SimulatedTime, VirtualTimeDeliversEveryEventInTimeOrderAcrossSources) {
  auto time = SimulatedTime::virtual_time(10 * kSecond);
  SimulatedCamera camera(time);
  SimulatedMicrophone microphone(time, 250);
  std::mutex mutex;
  std::vector<std::int64_t> due;  // when each event became due (a block: when its last sample was taken)
  std::int64_t frames = 0;
  std::int64_t blocks = 0;
  const double block_ns = 480 * 1e9 / (48000 * 1.00025);
  time->pause();
  ASSERT_TRUE(camera.start(VideoFormat{32, 32, 30, PixelFormat::yuv420}, [&](const VideoFrameView& frame) {
    std::lock_guard lock(mutex);
    due.push_back(frame.capture_monotonic_ns);
    ++frames;
  }));
  ASSERT_TRUE(microphone.start(AudioFormat{48000, 1}, [&](const AudioBlockView& block) {
    std::lock_guard lock(mutex);
    due.push_back(block.adc_monotonic_ns + static_cast<std::int64_t>(block_ns));
    ++blocks;
  }));
  time->resume();
  for (bool done = false; !done;) {
    std::lock_guard lock(mutex);
    done = frames >= 300 && blocks >= 1000;
  }
  camera.stop();
  microphone.stop();
  std::lock_guard lock(mutex);
  ASSERT_GE(due.size(), 1300u);
  for (std::size_t i = 1; i < due.size(); ++i) {
    ASSERT_GE(due[i] + 1000, due[i - 1]) << "event " << i << " came out of order";  // 1 µs of sample rounding
  }
}

}  // namespace
}  // namespace kiosk::devices
