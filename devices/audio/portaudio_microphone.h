// The counter microphone through PortAudio (ALSA on the terminal). The device is chosen by (part of) its name from
// the config; blocks of 10 ms carry the ADC time of their first sample mapped to CLOCK_MONOTONIC.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "devices/audio/block_clock.h"
#include "devices/audio/microphone.h"

namespace kiosk::devices {

class PortAudioMicrophone final : public Microphone {
 public:
  // `device_name`: a substring of the PortAudio device name ("" takes the default input device).
  explicit PortAudioMicrophone(std::string device_name);
  ~PortAudioMicrophone() override;
  PortAudioMicrophone(const PortAudioMicrophone&) = delete;
  PortAudioMicrophone& operator=(const PortAudioMicrophone&) = delete;

  DeviceStatus status() const override;
  Expected<void> start(const AudioFormat& format, BlockCallback on_block) override;
  void stop() override;

  // The names of the input devices PortAudio sees, for `kiosk doctor` and error messages.
  static Expected<std::vector<std::string>> input_devices();

  // Called on PortAudio's thread: maps the block's time and hands it on.
  void deliver(const std::int16_t* samples, unsigned long frames, double adc_time, double current_time, bool overflow);

 private:
  std::string device_name_;
  void* stream_ = nullptr;  // PaStream*
  bool initialized_ = false;
  AudioFormat format_;
  BlockCallback on_block_;
  std::optional<BlockClock> clock_;  // per stream: which clock its times are on is decided at its first block
  std::atomic<bool> running_{false};
};

}  // namespace kiosk::devices
