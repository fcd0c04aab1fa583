// Signature pad (USB HID digitizer). Driver and simulator come with the documents and signature work.
#pragma once

#include <cstdint>
#include <vector>

#include "devices/device_status.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

// One digitizer report, in the pad's own units (ISO/IEC 19794-7 channels x, y, f, s, t).
struct PenSample {
  std::int64_t monotonic_ns = 0;
  std::uint16_t x = 0;
  std::uint16_t y = 0;
  std::uint16_t pressure = 0;
  bool in_range = false;
  bool tip = false;
};

struct PadGeometry {
  std::uint16_t max_x = 0;
  std::uint16_t max_y = 0;
  std::uint16_t max_pressure = 0;
};

class SignaturePad {
 public:
  virtual ~SignaturePad() = default;
  virtual DeviceStatus status() const = 0;
  virtual PadGeometry geometry() const = 0;
  virtual Expected<void> begin_capture() = 0;
  // The samples that arrived since the last call; never blocks.
  virtual Expected<std::vector<PenSample>> take_samples() = 0;
  virtual Expected<void> end_capture() = 0;
};

}  // namespace kiosk::devices
