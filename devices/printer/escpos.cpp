#include "devices/printer/escpos.h"

#include <algorithm>
#include <cstdio>

namespace kiosk::devices::escpos {

std::vector<std::uint8_t> status_request(int n) {
  return {0x10, 0x04, static_cast<std::uint8_t>(n)};
}

std::string PrinterStatus::describe() const {
  if (cover_open) return "the printer's cover is open — close it and press Resume";
  if (paper_out) return "paper out — load a new roll and press Resume";
  if (cutter_error) return "the cutter is jammed — clear it, close the cover and press Resume";
  if (unrecoverable_error) return "the printer has failed — switch it off and on; if it stays, call a technician";
  if (!online || error) return "the printer is offline — check it and press Resume";
  if (paper_near_end) return "ready (paper is running low — have a new roll at hand)";
  return "ready";
}

Expected<void> apply_status(int n, std::uint8_t answer, PrinterStatus& status) {
  if ((answer & 0x93) != 0x12) {
    char text[8];
    std::snprintf(text, sizeof text, "%02X", answer);
    return Error(std::string("printer: the answer ") + text + " to DLE EOT " + std::to_string(n) +
                 " is not a status byte — is it an ESC/POS printer?");
  }
  switch (n) {
    case 1: status.online = (answer & 0x08) == 0; break;
    case 2:
      status.cover_open = (answer & 0x04) != 0;
      status.paper_out = status.paper_out || (answer & 0x20) != 0;
      status.error = (answer & 0x40) != 0;
      break;
    case 3:
      status.cutter_error = (answer & 0x08) != 0;
      status.unrecoverable_error = (answer & 0x20) != 0;
      break;
    case 4:
      status.paper_near_end = (answer & 0x0C) != 0;
      status.paper_out = (answer & 0x60) != 0;
      break;
    default: return Error("printer: DLE EOT " + std::to_string(n) + " is not a status request");
  }
  return {};
}

std::uint32_t band_count(const RasterImage& image) {
  return (image.height_dots + kBandRows - 1) / kBandRows;
}

std::vector<std::uint8_t> band(const RasterImage& image, std::uint32_t index) {
  const std::uint32_t bytes_per_row = image.width_dots / 8;
  const std::uint32_t first = index * kBandRows;
  const std::uint32_t rows = std::min(kBandRows, image.height_dots - first);
  // GS v 0 m xL xH yL yH: m = 0 (normal size), x in bytes, y in dots.
  std::vector<std::uint8_t> bytes{0x1D,
                                  0x76,
                                  0x30,
                                  0x00,
                                  static_cast<std::uint8_t>(bytes_per_row & 0xFF),
                                  static_cast<std::uint8_t>(bytes_per_row >> 8),
                                  static_cast<std::uint8_t>(rows & 0xFF),
                                  static_cast<std::uint8_t>(rows >> 8)};
  const auto begin = image.rows.begin() + static_cast<std::ptrdiff_t>(std::size_t{first} * bytes_per_row);
  bytes.insert(bytes.end(), begin, begin + static_cast<std::ptrdiff_t>(std::size_t{rows} * bytes_per_row));
  return bytes;
}

std::vector<std::uint8_t> job(const RasterImage& image, int feed_lines) {
  std::vector<std::uint8_t> bytes(std::begin(kInit), std::end(kInit));
  for (std::uint32_t index = 0; index < band_count(image); ++index) {
    const auto part = band(image, index);
    bytes.insert(bytes.end(), part.begin(), part.end());
  }
  bytes.push_back(0x1B);  // ESC d n: print and feed n lines
  bytes.push_back(0x64);
  bytes.push_back(static_cast<std::uint8_t>(feed_lines));
  bytes.insert(bytes.end(), std::begin(kCut), std::end(kCut));
  return bytes;
}

std::vector<std::uint8_t> after_cut_off(std::uint32_t width_dots) {
  std::vector<std::uint8_t> bytes(8 + std::size_t{width_dots / 8} * kBandRows, 0x00);
  bytes.insert(bytes.end(), std::begin(kInit), std::end(kInit));
  const std::uint8_t feed[] = {0x1B, 0x64, 0x02};
  bytes.insert(bytes.end(), std::begin(feed), std::end(feed));
  bytes.insert(bytes.end(), std::begin(kCut), std::end(kCut));
  return bytes;
}

}  // namespace kiosk::devices::escpos
