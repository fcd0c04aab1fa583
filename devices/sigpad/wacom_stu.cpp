#include "devices/sigpad/wacom_stu.h"

#include <array>
#include <cmath>

namespace kiosk::devices::stu {
namespace {

std::uint16_t big_endian(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint16_t>(bytes[at] << 8 | bytes[at + 1]);
}

void put_big_endian(std::vector<std::uint8_t>& bytes, std::uint16_t value) {
  bytes.push_back(static_cast<std::uint8_t>(value >> 8));
  bytes.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

// 2540 lines per inch: 100 units per millimetre, the STU's pen resolution.
constexpr double kUnitsPerMm = 2540 / 25.4;
constexpr std::array kModels{
    Model{0x00A4, "Wacom STU-430", {9600, 6000, 1023, kUnitsPerMm, kUnitsPerMm}},
    Model{0x0098, "Wacom STU-530", {10800, 6480, 1023, kUnitsPerMm, kUnitsPerMm}},
    Model{0x00A8, "Wacom STU-540", {10800, 6480, 1023, kUnitsPerMm, kUnitsPerMm}},
};

}  // namespace

std::optional<Model> model_of(std::uint16_t vendor, std::uint16_t product) {
  if (vendor != kVendor) return std::nullopt;
  for (const Model& model : kModels) {
    if (model.product == product) return model;
  }
  return std::nullopt;
}

std::optional<PenSample> decode_pen_data(std::span<const std::uint8_t> report) {
  if (report.size() != kPenDataBytes || report[0] != kPenData) return std::nullopt;
  PenSample sample;
  sample.in_range = (report[1] & 0x80) != 0;
  sample.tip = (report[1] & 0x10) != 0;
  sample.pressure = static_cast<std::uint16_t>((report[1] & 0x0F) << 8 | report[2]);
  sample.x = big_endian(report, 3);
  sample.y = big_endian(report, 5);
  return sample;
}

std::vector<std::uint8_t> encode_pen_data(const PenSample& sample) {
  std::vector<std::uint8_t> report{kPenData,
                                   static_cast<std::uint8_t>((sample.in_range ? 0x80 : 0) | (sample.tip ? 0x10 : 0) |
                                                             ((sample.pressure >> 8) & 0x0F)),
                                   static_cast<std::uint8_t>(sample.pressure & 0xFF)};
  put_big_endian(report, sample.x);
  put_big_endian(report, sample.y);
  return report;
}

std::optional<PadGeometry> decode_capability(std::span<const std::uint8_t> report) {
  if (report.size() < 14 || report[0] != kCapability) return std::nullopt;
  PadGeometry geometry;
  geometry.max_x = big_endian(report, 1);
  geometry.max_y = big_endian(report, 3);
  geometry.max_pressure = big_endian(report, 5);
  const std::uint16_t lines_per_inch = big_endian(report, 12);
  if (geometry.max_x == 0 || geometry.max_y == 0 || geometry.max_pressure == 0) return std::nullopt;
  geometry.x_units_per_mm = geometry.y_units_per_mm = lines_per_inch / 25.4;
  return geometry;
}

std::vector<std::uint8_t> encode_capability(const PadGeometry& geometry, std::uint16_t screen_width,
                                            std::uint16_t screen_height) {
  std::vector<std::uint8_t> report{kCapability};
  for (std::uint16_t value : {geometry.max_x, geometry.max_y, geometry.max_pressure, screen_width, screen_height}) {
    put_big_endian(report, value);
  }
  report.push_back(200);  // reports per second
  put_big_endian(report, static_cast<std::uint16_t>(std::lround(geometry.x_units_per_mm * 25.4)));
  report.resize(kCapabilityBytes, 0);
  return report;
}

}  // namespace kiosk::devices::stu
