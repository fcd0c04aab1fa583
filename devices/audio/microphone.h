// Counter microphone (PortAudio). Driver and simulator come with the recording work.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "devices/device_status.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

struct AudioFormat {
  std::uint32_t sample_rate = 48000;
  std::uint32_t channels = 1;
};

// Interleaved signed 16-bit samples, valid only during the callback.
struct AudioBlockView {
  std::int64_t adc_monotonic_ns = 0;  // when the first sample was taken, on CLOCK_MONOTONIC
  AudioFormat format;
  std::span<const std::int16_t> samples;
};

class Microphone {
 public:
  using BlockCallback = std::function<void(const AudioBlockView&)>;
  virtual ~Microphone() = default;
  virtual DeviceStatus status() const = 0;
  virtual Expected<void> start(const AudioFormat& format, BlockCallback on_block) = 0;
  virtual void stop() = 0;
};

}  // namespace kiosk::devices
