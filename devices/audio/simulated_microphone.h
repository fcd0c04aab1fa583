// A microphone that plays a 50 ms 1 kHz tone burst beginning at each whole second of true time, silence between.
// Its sample clock can run fast or slow by `drift_ppm`, as a real sound card's crystal does: sample j is taken at
// start + j / (rate × (1 + ppm·10⁻⁶)) true seconds, while the block says it holds `rate` samples a second. Each
// block carries the true time of its first sample (the ADC time), as PortAudio's inputBufferAdcTime does.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "devices/audio/microphone.h"
#include "devices/simulation/simulated_time.h"

namespace kiosk::devices {

class SimulatedMicrophone final : public Microphone {
 public:
  static constexpr std::uint32_t kBlockFrames = 480;  // 10 ms at 48 kHz, as PortAudio delivers on ALSA
  static constexpr std::int64_t kToneNs = 50'000'000;
  static constexpr double kToneHz = 1000.0;

  SimulatedMicrophone(std::shared_ptr<SimulatedTime> time, double drift_ppm)
      : time_(std::move(time)), drift_ppm_(drift_ppm) {}
  ~SimulatedMicrophone() override { stop(); }

  DeviceStatus status() const override;
  Expected<void> start(const AudioFormat& format, BlockCallback on_block) override;
  void stop() override;

  // Simulates the microphone being pulled out at `from_ns` and plugged in again at `to_ns` (simulated time): from then
  // on nothing is delivered and status() says it is absent, start() fails until `to_ns`, and after that a new
  // start() delivers again from the present — as a USB device that re-enumerates. Call before start().
  void unplug_between(std::int64_t from_ns, std::int64_t to_ns) {
    outage_from_ns_ = from_ns;
    outage_to_ns_ = to_ns;
  }

  // The true time sample `index` is taken at.
  static std::int64_t sample_time_ns(std::int64_t start_ns, std::uint32_t rate, double drift_ppm, std::int64_t index);
  static std::int16_t sample_at(std::int64_t true_time_ns);

 private:
  void run(int source, AudioFormat format, BlockCallback on_block);

  std::shared_ptr<SimulatedTime> time_;
  double drift_ppm_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  std::atomic<bool> unplugged_{false};
  std::atomic<std::int64_t> outage_from_ns_{-1};
  std::atomic<std::int64_t> outage_to_ns_{-1};
  std::thread thread_;
};

}  // namespace kiosk::devices
