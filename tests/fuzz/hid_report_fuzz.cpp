// Bytes from a signature pad: a report descriptor of any shape, then reports decoded by what it describes, and
// Wacom STU reports. Parsing must never crash, and a decoded value never leaves its channel's range.
#include <cstddef>
#include <cstdint>
#include <span>

#include "devices/sigpad/hid_descriptor.h"
#include "devices/sigpad/wacom_stu.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::devices;
  const std::span<const std::uint8_t> bytes(data, size);
  (void)stu::decode_pen_data(bytes);
  (void)stu::decode_capability(bytes);
  if (size < 1) return 0;
  // The first byte says where the descriptor ends; the rest are reports.
  const std::size_t split = std::min<std::size_t>(size - 1, data[0] * std::size_t{4});
  const auto descriptor = bytes.subspan(1, split);
  auto layout = hid::parse_pen_layout(descriptor);
  if (!layout) return 0;
  const PadGeometry geometry = hid::geometry_of(*layout);
  (void)geometry;
  auto reports = bytes.subspan(1 + split);
  for (const hid::PenReport& report : layout->reports) {
    if (report.bytes == 0) __builtin_trap();
  }
  while (!reports.empty()) {
    const std::size_t length = std::min<std::size_t>(reports.size(), layout->reports.front().bytes);
    if (auto sample = hid::decode(*layout, reports.first(length))) {
      const hid::PenReport* matched = nullptr;
      for (const hid::PenReport& report : layout->reports) {
        if (!layout->report_ids || report.report_id == reports[0]) matched = &report;
      }
      if (matched == nullptr) __builtin_trap();
      if (sample->x > matched->x.logical_max - std::int64_t{matched->x.logical_min}) __builtin_trap();
      if (sample->y > matched->y.logical_max - std::int64_t{matched->y.logical_min}) __builtin_trap();
    }
    reports = reports.subspan(length);
  }
  return 0;
}
