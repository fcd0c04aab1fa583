// HID report descriptors (HID 1.11 §6.2.2) for pen digitizers: which input report carries the pen, and where in
// it the channels are — X and Y (Generic Desktop 0x30/0x31), tip pressure (Digitizer 0x30), tip switch (0x42) and
// in range (0x32) — with their logical and physical ranges. Pads of different makers work from their own
// descriptors. The bytes come from the device: the parser is bounded and fuzzed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "devices/sigpad/signature_pad.h"
#include "kiosk/core/error.h"

namespace kiosk::devices::hid {

// One value in an input report.
struct Field {
  std::uint32_t bit_offset = 0;  // from the first bit after the report id
  std::uint32_t bit_size = 0;
  std::int32_t logical_min = 0;
  std::int32_t logical_max = 0;
  std::int32_t physical_min = 0;
  std::int32_t physical_max = 0;
  std::uint32_t unit = 0;  // 0x11 cm, 0x13 inch (the system nibble and the length exponent)
  std::int8_t unit_exponent = 0;

  // Logical units per millimetre, when the descriptor gives a physical size in cm or inches.
  std::optional<double> units_per_mm() const;
};

struct PenReport {
  std::uint8_t report_id = 0;     // 0: the device uses no report ids
  std::size_t bytes = 0;          // the whole report as it comes from the device, the id byte included
  Field x, y;                     // always present
  std::optional<Field> pressure;  // tip pressure
  std::optional<Field> tip;       // tip switch
  std::optional<Field> in_range;
};

struct PenLayout {
  std::vector<PenReport> reports;  // at least one
  bool report_ids = false;
};

// The pen reports the descriptor describes. Errors name the offending byte offset, or say that there is no pen.
Expected<PenLayout> parse_pen_layout(std::span<const std::uint8_t> descriptor);

// Reads a field's value from a report's body (after the id byte); signed when the logical minimum is negative.
std::int32_t read_field(const Field& field, std::span<const std::uint8_t> body);

// Decodes one input report. Nothing when it does not match the layout: an unknown report id, or a length that
// differs from the one described — the caller counts it and drops it.
std::optional<PenSample> decode(const PenLayout& layout, std::span<const std::uint8_t> report);

PadGeometry geometry_of(const PenLayout& layout);

}  // namespace kiosk::devices::hid
