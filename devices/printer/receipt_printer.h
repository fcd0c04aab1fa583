// The receipt printer (ESC/POS over USB: devices/printer/escpos_printer.h).
#pragma once

#include <cstdint>
#include <vector>

#include "devices/device_status.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

// A 1-bit image, rows packed MSB first, `width_dots` a multiple of 8 (384 dots for 58 mm, 576 for 80 mm).
struct RasterImage {
  std::uint32_t width_dots = 0;
  std::uint32_t height_dots = 0;
  std::vector<std::uint8_t> rows;
};

class ReceiptPrinter {
 public:
  virtual ~ReceiptPrinter() = default;
  virtual DeviceStatus status() const = 0;
  virtual std::uint32_t width_dots() const = 0;
  // Prints and cuts; the error says what the staff must do (load paper, close the cover). A job that could not
  // finish is held until resume() prints it again, whole.
  virtual Expected<void> print(const RasterImage& image) = 0;
  virtual Expected<void> resume() = 0;
  virtual bool job_held() const = 0;
};

}  // namespace kiosk::devices
