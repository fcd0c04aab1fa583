// The real PortAudio and ALSA code, with no sound card: ALSA's `file` PCM plays a known signal from a file into
// the capture stream (as fast as it is read, not in real time, and from the start again at its end).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "devices/audio/portaudio_microphone.h"
#include "support/temp_dir.h"

namespace kiosk::devices {
namespace {

constexpr int kRamp = 20000;  // the file holds 0, 1, …, 19999: any block's place in it is plain to see

class PortAudioFilePcm : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream raw(dir_ / "ramp.raw", std::ios::binary);
    for (int i = 0; i < kRamp; ++i) {
      const auto sample = static_cast<std::int16_t>(i);
      raw.write(reinterpret_cast<const char*>(&sample), sizeof sample);
    }
    raw.close();
    std::ofstream config(dir_ / "asound.conf");
    config << "</usr/share/alsa/alsa.conf>\n"
           << "pcm.kiosktest { type file; slave.pcm \"null\"; file \"/dev/null\"; infile \""
           << (dir_ / "ramp.raw").string() << "\"; format \"raw\" }\n";
    config.close();
    setenv("ALSA_CONFIG_PATH", (dir_ / "asound.conf").c_str(), 1);
  }

  kiosk::testing::TempDir dir_;
};

TEST_F(PortAudioFilePcm, ListsTheTestDevice) {
  auto devices = PortAudioMicrophone::input_devices();
  ASSERT_TRUE(devices) << devices.error().message();
  bool found = false;
  for (const std::string& name : *devices) found = found || name.find("kiosktest") != std::string::npos;
  EXPECT_TRUE(found) << "PortAudio does not list the test PCM";
}

TEST_F(PortAudioFilePcm, DeliversTheFilesSamplesInOrderWithoutGaps) {
  PortAudioMicrophone microphone("kiosktest");
  std::mutex mutex;
  std::vector<std::int16_t> received;
  std::vector<std::int64_t> times;
  std::size_t blocks = 0;
  auto started = microphone.start(AudioFormat{48000, 1}, [&](const AudioBlockView& block) {
    std::lock_guard lock(mutex);
    received.insert(received.end(), block.samples.begin(), block.samples.end());
    times.push_back(block.adc_monotonic_ns);
    ++blocks;
    EXPECT_EQ(block.samples.size(), 480u) << "10 ms blocks";
  });
  ASSERT_TRUE(started) << started.error().message();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex);
      if (received.size() >= 3 * kRamp) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  microphone.stop();
  std::lock_guard lock(mutex);
  ASSERT_GE(received.size(), 3u * kRamp) << "the file PCM delivers as fast as it is read";
  // The whole file comes through unchanged, in order, without a gap. (At the file's end ALSA's file plugin starts
  // again but re-reads part of its last period — its own quirk — so only the first pass is compared exactly.)
  for (int i = 0; i < kRamp; ++i) ASSERT_EQ(received[static_cast<std::size_t>(i)], i) << "at sample " << i;
  for (std::size_t i = 1; i < times.size(); ++i) ASSERT_GE(times[i], times[i - 1] - 1'000'000) << "block " << i;
}

TEST_F(PortAudioFilePcm, AMissingDeviceIsNamedWithWhatThereIs) {
  PortAudioMicrophone microphone("no-such-microphone");
  auto started = microphone.start(AudioFormat{48000, 1}, [](const AudioBlockView&) {});
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message().find("no input device named \"no-such-microphone\""), std::string::npos)
      << started.error().message();
  EXPECT_NE(started.error().message().find("kiosktest"), std::string::npos) << "the message lists what is there";
}

}  // namespace
}  // namespace kiosk::devices
