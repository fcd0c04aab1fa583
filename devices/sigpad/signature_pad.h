// A signature pad: a pen digitizer that gives samples in its own units, in strokes as the tip touches and lifts.
// The USB HID driver is devices/sigpad/hid_signature_pad; the simulator speaks the same HID reports.
#pragma once

#include <cstdint>
#include <string>
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
  double x_units_per_mm = 0;  // 0: the pad does not say
  double y_units_per_mm = 0;
};

class SignaturePad {
 public:
  virtual ~SignaturePad() = default;
  virtual DeviceStatus status() const = 0;
  virtual PadGeometry geometry() const = 0;
  virtual std::string model() const = 0;  // "Wacom STU-430", "HID digitizer 1234:5678"
  // Opens the pad to learn what it is and whether it answers (for the status bar), without capturing; a pad
  // that is capturing is left alone.
  virtual Expected<void> probe() = 0;
  virtual Expected<void> begin_capture() = 0;
  // The samples that arrived since the last call; never blocks. An error once the pad is gone.
  virtual Expected<std::vector<PenSample>> take_samples() = 0;
  // Starts again: the pad's screen is wiped (where it has one); samples not yet taken are dropped.
  virtual Expected<void> clear() = 0;
  virtual Expected<void> end_capture() = 0;
  // Reports that did not match the pad's descriptor, dropped since it was opened.
  virtual std::uint64_t dropped_reports() const = 0;
};

}  // namespace kiosk::devices
