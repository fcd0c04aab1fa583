#include "devices/audio/simulated_microphone.h"

#include <cmath>
#include <numbers>
#include <vector>

namespace kiosk::devices {

DeviceStatus SimulatedMicrophone::status() const {
  if (unplugged_) {
    if (time_->now_ns() < outage_to_ns_) return DeviceStatus{DeviceState::absent, "simulated microphone: unplugged"};
    return DeviceStatus{DeviceState::ready, "simulated microphone: plugged in again"};
  }
  return DeviceStatus{running_ ? DeviceState::busy : DeviceState::ready, "simulated microphone (tone at each second)"};
}

std::int64_t SimulatedMicrophone::sample_time_ns(std::int64_t start_ns, std::uint32_t rate, double drift_ppm,
                                                 std::int64_t index) {
  const double true_rate = rate * (1.0 + drift_ppm * 1e-6);
  return start_ns + static_cast<std::int64_t>(std::llround(static_cast<double>(index) * 1e9 / true_rate));
}

std::int16_t SimulatedMicrophone::sample_at(std::int64_t true_time_ns) {
  const std::int64_t into_second = ((true_time_ns % 1'000'000'000) + 1'000'000'000) % 1'000'000'000;
  if (into_second >= kToneNs) return 0;
  const double seconds = static_cast<double>(into_second) * 1e-9;
  return static_cast<std::int16_t>(std::lround(16000.0 * std::sin(2.0 * std::numbers::pi * kToneHz * seconds)));
}

Expected<void> SimulatedMicrophone::start(const AudioFormat& format, BlockCallback on_block) {
  if (running_) return Error("simulated microphone: already started");
  if (format.sample_rate < 8000 || format.sample_rate > 192000) {
    return Error("simulated microphone: sample rate must be 8000 to 192000 Hz");
  }
  if (format.channels != 1) return Error("simulated microphone: mono only — ask for 1 channel");
  if (std::abs(drift_ppm_) > 10'000) return Error("simulated microphone: drift must be within ±10000 ppm");
  if (unplugged_) {
    if (time_->now_ns() < outage_to_ns_) {
      return Error(
          "simulated microphone: unplugged — plug it in again (it is back at the end of the simulated outage)");
    }
    unplugged_ = false;
  }
  stop_ = false;
  running_ = true;
  // Join the simulated world now, in the caller's thread: virtual time must know of this source before it moves.
  const int source = time_->join();
  thread_ = std::thread(&SimulatedMicrophone::run, this, source, format, std::move(on_block));
  return {};
}

void SimulatedMicrophone::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  running_ = false;
}

void SimulatedMicrophone::run(int source, AudioFormat format, BlockCallback on_block) {
  const std::int64_t start = time_->start_ns();
  std::vector<std::int16_t> samples(kBlockFrames);
  // Started again later, the microphone goes on with the first sample taken from the present on.
  const std::int64_t now = time_->now_ns();
  const double true_rate = format.sample_rate * (1.0 + drift_ppm_ * 1e-6);
  std::int64_t first =
      now <= start ? 0 : static_cast<std::int64_t>(std::ceil(static_cast<double>(now - start) * true_rate / 1e9));
  for (;; first += kBlockFrames) {
    if (const std::int64_t taken_ns = sample_time_ns(start, format.sample_rate, drift_ppm_, first);
        taken_ns >= outage_from_ns_ && taken_ns < outage_to_ns_) {
      unplugged_ = true;  // pulled out: the stream ends here
      break;
    }
    // A block is delivered once its last sample has been taken.
    const std::int64_t ready_ns =
        sample_time_ns(start, format.sample_rate, drift_ppm_, first + std::int64_t{kBlockFrames});
    if (!time_->wait_until(source, ready_ns, stop_)) break;
    for (std::uint32_t i = 0; i < kBlockFrames; ++i) {
      samples[i] = sample_at(sample_time_ns(start, format.sample_rate, drift_ppm_, first + i));
    }
    on_block(AudioBlockView{sample_time_ns(start, format.sample_rate, drift_ppm_, first), format, samples});
  }
  time_->leave(source);
}

}  // namespace kiosk::devices
