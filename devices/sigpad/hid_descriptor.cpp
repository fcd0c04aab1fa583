#include "devices/sigpad/hid_descriptor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>

namespace kiosk::devices::hid {
namespace {

constexpr std::size_t kMostDescriptorBytes = 4096;
constexpr std::uint32_t kMostReportBits = 8 * 1024;  // a pad's pen report is a few dozen bytes
constexpr std::size_t kMostStack = 8;
constexpr std::size_t kMostUsages = 256;

constexpr std::uint32_t usage(std::uint16_t page, std::uint16_t id) {
  return std::uint32_t{page} << 16 | id;
}
constexpr std::uint32_t kX = usage(0x01, 0x30);
constexpr std::uint32_t kY = usage(0x01, 0x31);
constexpr std::uint32_t kTipPressure = usage(0x0D, 0x30);
constexpr std::uint32_t kInRange = usage(0x0D, 0x32);
constexpr std::uint32_t kTipSwitch = usage(0x0D, 0x42);

struct Globals {
  std::uint16_t usage_page = 0;
  std::int32_t logical_min = 0;
  std::int32_t logical_max = 0;
  std::int32_t physical_min = 0;
  std::int32_t physical_max = 0;
  std::int8_t unit_exponent = 0;
  std::uint32_t unit = 0;
  std::uint32_t report_size = 0;
  std::uint32_t report_count = 0;
  std::uint8_t report_id = 0;
};

struct Locals {
  std::vector<std::uint32_t> usages;
  std::optional<std::uint32_t> minimum;
  std::optional<std::uint32_t> maximum;
};

struct Draft {
  std::uint32_t bits = 0;
  std::optional<Field> x, y, pressure, tip, in_range;
};

std::uint32_t unsigned_value(std::span<const std::uint8_t> data) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < data.size(); ++i) value |= std::uint32_t{data[i]} << (8 * i);
  return value;
}

std::int32_t signed_value(std::span<const std::uint8_t> data) {
  const std::uint32_t value = unsigned_value(data);
  switch (data.size()) {
    case 1: return static_cast<std::int8_t>(value);
    case 2: return static_cast<std::int16_t>(value);
    case 4: return static_cast<std::int32_t>(value);
    default: return 0;
  }
}

Error at(std::size_t offset, const std::string& what) {
  return Error("HID report descriptor, byte " + std::to_string(offset) + ": " + what +
               " — the pad sent a descriptor we cannot read; try another pad or report its model");
}

// Assigns the usages of one Input item to its fields, HID-style: a range expands, the last usage repeats.
std::uint32_t usage_for(const Locals& locals, std::uint16_t page, std::uint32_t index) {
  std::uint32_t found = 0;
  if (!locals.usages.empty()) {
    found = locals.usages[std::min<std::size_t>(index, locals.usages.size() - 1)];
  } else if (locals.minimum) {
    const std::uint32_t last = locals.maximum.value_or(*locals.minimum);
    found = std::min(*locals.minimum + index, std::max(last, *locals.minimum));
  }
  if (found != 0 && found <= 0xFFFF) found |= std::uint32_t{page} << 16;  // a short usage takes the current page
  return found;
}

}  // namespace

std::optional<double> Field::units_per_mm() const {
  const std::uint32_t system = unit & 0xF;
  const int length_exponent = static_cast<int>((unit >> 4) & 0xF);
  if ((system != 1 && system != 3) || length_exponent != 1 || physical_max <= physical_min) return std::nullopt;
  const double size = (physical_max - physical_min) * std::pow(10.0, unit_exponent);
  const double millimetres = system == 1 ? size * 10.0 : size * 25.4;
  if (!(millimetres > 0)) return std::nullopt;
  return (static_cast<double>(logical_max) - logical_min) / millimetres;
}

Expected<PenLayout> parse_pen_layout(std::span<const std::uint8_t> descriptor) {
  if (descriptor.empty()) return Error("HID report descriptor: the pad sent none — unplug it and plug it in again");
  if (descriptor.size() > kMostDescriptorBytes) {
    return Error("HID report descriptor: " + std::to_string(descriptor.size()) + " bytes, more than " +
                 std::to_string(kMostDescriptorBytes) + " — not a signature pad we can read");
  }
  Globals globals;
  std::vector<Globals> stack;
  Locals locals;
  std::map<std::uint8_t, Draft> drafts;
  bool report_ids = false;
  int depth = 0;

  std::size_t offset = 0;
  while (offset < descriptor.size()) {
    const std::uint8_t prefix = descriptor[offset];
    if (prefix == 0xFE) {  // long item: skipped (none is defined)
      if (offset + 1 >= descriptor.size()) return at(offset, "a long item is cut short");
      offset += 3 + std::size_t{descriptor[offset + 1]};
      if (offset > descriptor.size()) return at(offset, "a long item runs past the end");
      continue;
    }
    static constexpr std::array<std::size_t, 4> kSizes{0, 1, 2, 4};
    const std::size_t size = kSizes[prefix & 0x3];
    if (offset + 1 + size > descriptor.size()) return at(offset, "an item runs past the end");
    const auto data = descriptor.subspan(offset + 1, size);
    const std::uint8_t type = (prefix >> 2) & 0x3;
    const std::uint8_t tag = prefix >> 4;
    const std::uint32_t value = unsigned_value(data);

    if (type == 1) {  // global
      switch (tag) {
        case 0x0: globals.usage_page = static_cast<std::uint16_t>(value); break;
        case 0x1: globals.logical_min = signed_value(data); break;
        case 0x2:
          // A maximum is signed only when the minimum is: 0..255 in one byte is common.
          globals.logical_max = globals.logical_min < 0 ? signed_value(data) : static_cast<std::int32_t>(value);
          break;
        case 0x3: globals.physical_min = signed_value(data); break;
        case 0x4:
          globals.physical_max = globals.physical_min < 0 ? signed_value(data) : static_cast<std::int32_t>(value);
          break;
        case 0x5: {
          const int nibble = static_cast<int>(value & 0xF);
          globals.unit_exponent = static_cast<std::int8_t>(nibble >= 8 ? nibble - 16 : nibble);
          break;
        }
        case 0x6: globals.unit = value; break;
        case 0x7:
          if (value == 0 || value > 32) return at(offset, "a report size of " + std::to_string(value) + " bits");
          globals.report_size = value;
          break;
        case 0x8:
          if (value == 0 || value > 255) return at(offset, "report id " + std::to_string(value));
          globals.report_id = static_cast<std::uint8_t>(value);
          report_ids = true;
          break;
        case 0x9:
          if (value > kMostReportBits) return at(offset, "a report count of " + std::to_string(value));
          globals.report_count = value;
          break;
        case 0xA:
          if (stack.size() >= kMostStack) return at(offset, "Push nested too deep");
          stack.push_back(globals);
          break;
        case 0xB:
          if (stack.empty()) return at(offset, "Pop without Push");
          globals = stack.back();
          stack.pop_back();
          break;
        default: return at(offset, "an unknown global item");
      }
    } else if (type == 2) {  // local
      const std::uint32_t full = size == 4 ? value : (value & 0xFFFF);
      switch (tag) {
        case 0x0:
          if (locals.usages.size() >= kMostUsages) return at(offset, "too many usages");
          locals.usages.push_back(full);
          break;
        case 0x1: locals.minimum = full; break;
        case 0x2: locals.maximum = full; break;
        default: break;  // designators, strings, delimiters: not needed for a pen
      }
    } else if (type == 0) {  // main
      switch (tag) {
        case 0x8: {  // Input
          if (globals.report_size == 0) return at(offset, "an Input item before Report Size");
          if (report_ids && globals.report_id == 0) return at(offset, "an Input item without a report id");
          Draft& draft = drafts[globals.report_id];
          const bool constant = (value & 0x1) != 0;
          const bool variable = (value & 0x2) != 0;
          for (std::uint32_t index = 0; index < globals.report_count; ++index) {
            if (draft.bits + globals.report_size > kMostReportBits) return at(offset, "a report too long");
            if (!constant && variable) {
              Field field{draft.bits,           globals.report_size,  globals.logical_min, globals.logical_max,
                          globals.physical_min, globals.physical_max, globals.unit,        globals.unit_exponent};
              switch (usage_for(locals, globals.usage_page, index)) {
                case kX: draft.x = draft.x.value_or(field); break;
                case kY: draft.y = draft.y.value_or(field); break;
                case kTipPressure: draft.pressure = draft.pressure.value_or(field); break;
                case kTipSwitch: draft.tip = draft.tip.value_or(field); break;
                case kInRange: draft.in_range = draft.in_range.value_or(field); break;
                default: break;
              }
            }
            draft.bits += globals.report_size;
          }
          break;
        }
        case 0x9:  // Output
        case 0xB:  // Feature
          break;
        case 0xA:
          if (++depth > 32) return at(offset, "collections nested too deep");
          break;
        case 0xC:
          if (--depth < 0) return at(offset, "End Collection without a Collection");
          break;
        default: return at(offset, "an unknown main item");
      }
      locals = Locals{};
    } else {
      return at(offset, "a reserved item type");
    }
    offset += 1 + size;
  }
  if (depth != 0) return Error("HID report descriptor: a collection is not closed — the descriptor is cut short");

  PenLayout layout;
  layout.report_ids = report_ids;
  for (const auto& [id, draft] : drafts) {
    if (!draft.x || !draft.y || (!draft.tip && !draft.pressure)) continue;
    for (const std::optional<Field>* field : {&draft.x, &draft.y, &draft.pressure}) {
      if (*field && (*field)->logical_max <= (*field)->logical_min) {
        return Error("HID report descriptor: report " + std::to_string(id) +
                     " gives a pen channel an empty range (Logical Maximum " + std::to_string((*field)->logical_max) +
                     " not above Logical Minimum " + std::to_string((*field)->logical_min) +
                     ") — the pad's firmware is faulty; try another pad");
      }
    }
    PenReport report;
    report.report_id = id;
    report.bytes = (draft.bits + 7) / 8 + (report_ids ? 1 : 0);
    report.x = *draft.x;
    report.y = *draft.y;
    report.pressure = draft.pressure;
    report.tip = draft.tip;
    report.in_range = draft.in_range;
    layout.reports.push_back(report);
  }
  if (layout.reports.empty()) {
    return Error(
        "HID report descriptor: it describes no pen (X, Y and a tip switch or pressure) — the device is not a "
        "signature pad, or the configured VID:PID is another device's");
  }
  return layout;
}

std::int32_t read_field(const Field& field, std::span<const std::uint8_t> body) {
  std::uint32_t value = 0;
  for (std::uint32_t bit = 0; bit < field.bit_size; ++bit) {
    const std::uint32_t position = field.bit_offset + bit;
    const std::size_t byte = position / 8;
    if (byte >= body.size()) break;
    if ((static_cast<std::uint32_t>(body[byte]) >> (position % 8)) & 1U) value |= 1U << bit;
  }
  if (field.logical_min < 0 && field.bit_size < 32 && (value >> (field.bit_size - 1)) & 1U) {
    value |= ~0U << field.bit_size;  // sign-extend
  }
  return static_cast<std::int32_t>(value);
}

std::optional<PenSample> decode(const PenLayout& layout, std::span<const std::uint8_t> report) {
  if (report.empty()) return std::nullopt;
  const std::uint8_t id = layout.report_ids ? report[0] : 0;
  const auto found = std::find_if(layout.reports.begin(), layout.reports.end(),
                                  [&](const PenReport& candidate) { return candidate.report_id == id; });
  if (found == layout.reports.end() || report.size() != found->bytes) return std::nullopt;
  const auto body = report.subspan(layout.report_ids ? 1 : 0);
  const auto clamp = [](const Field& field, std::int32_t value) -> std::uint16_t {
    const std::int32_t from_zero = std::clamp(value, field.logical_min, field.logical_max) - field.logical_min;
    return static_cast<std::uint16_t>(std::min(from_zero, 0xFFFF));
  };
  PenSample sample;
  sample.x = clamp(found->x, read_field(found->x, body));
  sample.y = clamp(found->y, read_field(found->y, body));
  if (found->pressure) sample.pressure = clamp(*found->pressure, read_field(*found->pressure, body));
  sample.tip = found->tip ? read_field(*found->tip, body) != 0 : sample.pressure > 0;
  sample.in_range = found->in_range ? read_field(*found->in_range, body) != 0 : true;
  return sample;
}

PadGeometry geometry_of(const PenLayout& layout) {
  const PenReport& report = layout.reports.front();
  const auto span_of = [](const Field& field) {
    return static_cast<std::uint16_t>(
        std::min<std::int64_t>(std::int64_t{field.logical_max} - field.logical_min, 0xFFFF));
  };
  PadGeometry geometry;
  geometry.max_x = span_of(report.x);
  geometry.max_y = span_of(report.y);
  geometry.max_pressure = report.pressure ? span_of(*report.pressure) : 1;
  geometry.x_units_per_mm = report.x.units_per_mm().value_or(0.0);
  geometry.y_units_per_mm = report.y.units_per_mm().value_or(0.0);
  return geometry;
}

}  // namespace kiosk::devices::hid
