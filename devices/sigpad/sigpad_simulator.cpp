#include "devices/sigpad/sigpad_simulator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "devices/sigpad/wacom_stu.h"

namespace kiosk::devices {
namespace {

constexpr std::int64_t kReportInterval = 5'000'000;  // 200 reports/s
constexpr std::uint8_t kPenReportId = 0x02;

// A generic pen digitizer: report 2 = tip switch, in range, 6 bits of padding, X 0..20000 over 200 mm, Y 0..12000
// over 120 mm, tip pressure 0..2047.
const std::vector<std::uint8_t> kDigitizerDescriptor{
    0x05, 0x0D,                            // Usage Page (Digitizer)
    0x09, 0x02,                            // Usage (Pen)
    0xA1, 0x01,                            // Collection (Application)
    0x85, kPenReportId,                    //   Report ID (2)
    0x09, 0x20,                            //   Usage (Stylus)
    0xA1, 0x00,                            //   Collection (Physical)
    0x09, 0x42,         0x09, 0x32,        //     Usage (Tip Switch), Usage (In Range)
    0x15, 0x00,         0x25, 0x01,        //     Logical Minimum (0), Logical Maximum (1)
    0x75, 0x01,         0x95, 0x02,        //     Report Size (1), Report Count (2)
    0x81, 0x02,                            //     Input (Data, Variable, Absolute)
    0x95, 0x06,         0x81, 0x03,        //     Report Count (6), Input (Constant): padding
    0x05, 0x01,                            //     Usage Page (Generic Desktop)
    0x09, 0x30,                            //     Usage (X)
    0x26, 0x20,         0x4E,              //     Logical Maximum (20000)
    0x35, 0x00,         0x46, 0xD0, 0x07,  //     Physical Minimum (0), Physical Maximum (2000)
    0x55, 0x0E,         0x65, 0x11,        //     Unit Exponent (-2), Unit (cm)
    0x75, 0x10,         0x95, 0x01,        //     Report Size (16), Report Count (1)
    0x81, 0x02,                            //     Input (Data, Variable, Absolute)
    0x09, 0x31,                            //     Usage (Y)
    0x26, 0xE0,         0x2E,              //     Logical Maximum (12000)
    0x46, 0xB0,         0x04,              //     Physical Maximum (1200)
    0x81, 0x02,                            //     Input (Data, Variable, Absolute)
    0x05, 0x0D,                            //     Usage Page (Digitizer)
    0x09, 0x30,                            //     Usage (Tip Pressure)
    0x26, 0xFF,         0x07,              //     Logical Maximum (2047)
    0x45, 0x00,         0x65, 0x00,        //     Physical Maximum (0), Unit (none)
    0x81, 0x02,                            //     Input (Data, Variable, Absolute)
    0xC0,                                  //   End Collection
    0xC0,                                  // End Collection
};

std::uint16_t clamp_to(double value, std::uint16_t most) {
  return static_cast<std::uint16_t>(std::clamp(std::lround(value), 0L, static_cast<long>(most)));
}

}  // namespace

std::vector<ScriptedStroke> scripted_signature(const PadGeometry& geometry, int strokes) {
  std::vector<ScriptedStroke> signature;
  std::int64_t offset = 200'000'000;  // the pen comes down a moment after the request
  const double width = geometry.max_x;
  const double height = geometry.max_y;
  for (int index = 0; index < std::max(strokes, 1); ++index) {
    ScriptedStroke stroke;
    const int points = 80 + 20 * (index % 3);
    const double left = width * (0.12 + 0.26 * index / std::max(strokes, 1));
    for (int point = 0; point < points; ++point) {
      const double t = static_cast<double>(point) / (points - 1);
      // A looping, slanted line: what a quick handwritten name looks like to a digitizer.
      const double x = left + width * 0.2 * t + width * 0.03 * std::cos(2 * std::numbers::pi * 3 * t);
      const double y = height * (0.55 - 0.18 * std::sin(2 * std::numbers::pi * (1.5 + index * 0.5) * t) - 0.1 * t);
      const double force = std::sin(std::numbers::pi * (0.1 + 0.8 * t)) * geometry.max_pressure * 0.7;
      stroke.push_back(ScriptedPoint{offset, clamp_to(x, geometry.max_x), clamp_to(y, geometry.max_y),
                                     static_cast<std::uint16_t>(std::max(1.0, force))});
      offset += kReportInterval;
    }
    signature.push_back(std::move(stroke));
    offset += 30 * kReportInterval;  // the pen in the air between strokes
  }
  return signature;
}

SignaturePadSimulator::SignaturePadSimulator(SimulatedPadKind kind) : kind_(kind) {}

std::uint16_t SignaturePadSimulator::vendor() const {
  return kind_ == SimulatedPadKind::wacom_stu430 ? stu::kVendor : 0x1209;
}

std::uint16_t SignaturePadSimulator::product() const {
  return kind_ == SimulatedPadKind::wacom_stu430 ? 0x00A4 : 0x5167;
}

PadGeometry SignaturePadSimulator::geometry() const {
  if (kind_ == SimulatedPadKind::wacom_stu430) return stu::model_of(stu::kVendor, 0x00A4)->geometry;
  return PadGeometry{20000, 12000, 2047, 100.0, 100.0};
}

std::vector<std::uint8_t> SignaturePadSimulator::report_descriptor() const {
  if (kind_ == SimulatedPadKind::wacom_stu430) {
    // Vendor-defined: nothing in it says "pen". The driver knows the STU by its product id.
    return {0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01, 0x85, 0x01, 0x75, 0x08, 0x95,
            0x06, 0x15, 0x00, 0x26, 0xFF, 0x00, 0x09, 0x01, 0x81, 0x02, 0xC0};
  }
  return kDigitizerDescriptor;
}

std::size_t SignaturePadSimulator::report_bytes() const {
  return kind_ == SimulatedPadKind::wacom_stu430 ? stu::kPenDataBytes : 8;
}

std::vector<std::uint8_t> SignaturePadSimulator::get_feature(std::uint8_t report_id) const {
  if (kind_ == SimulatedPadKind::wacom_stu430 && report_id == stu::kCapability) {
    return stu::encode_capability(geometry(), 320, 200);
  }
  return {};
}

bool SignaturePadSimulator::set_feature(std::span<const std::uint8_t> report) {
  if (kind_ != SimulatedPadKind::wacom_stu430 || report.size() < 2) return false;
  std::lock_guard lock(mutex_);
  if (report[0] == stu::kClearScreen) {
    ++clears_;
    return true;
  }
  if (report[0] == stu::kInkingMode) {
    inking_ = report[1] != 0;
    return true;
  }
  return false;
}

std::vector<std::uint8_t> SignaturePadSimulator::encode(const PenSample& sample) const {
  if (kind_ == SimulatedPadKind::wacom_stu430) return stu::encode_pen_data(sample);
  return {kPenReportId,
          static_cast<std::uint8_t>((sample.tip ? 1 : 0) | (sample.in_range ? 2 : 0)),
          static_cast<std::uint8_t>(sample.x & 0xFF),
          static_cast<std::uint8_t>(sample.x >> 8),
          static_cast<std::uint8_t>(sample.y & 0xFF),
          static_cast<std::uint8_t>(sample.y >> 8),
          static_cast<std::uint8_t>(sample.pressure & 0xFF),
          static_cast<std::uint8_t>(sample.pressure >> 8)};
}

void SignaturePadSimulator::sign(const std::vector<ScriptedStroke>& strokes, std::int64_t start_ns) {
  std::lock_guard lock(mutex_);
  const auto queue = [&](const PenSample& sample, std::int64_t offset) {
    reports_.push_back(HidReport{encode(sample), start_ns + offset});
  };
  for (const ScriptedStroke& stroke : strokes) {
    if (stroke.empty()) continue;
    const ScriptedPoint& first = stroke.front();
    queue(PenSample{0, first.x, first.y, 0, true, false}, first.offset_ns - kReportInterval);  // hovering
    for (const ScriptedPoint& point : stroke) {
      queue(PenSample{0, point.x, point.y, point.pressure, true, true}, point.offset_ns);
    }
    const ScriptedPoint& last = stroke.back();
    queue(PenSample{0, last.x, last.y, 0, true, false}, last.offset_ns + kReportInterval);  // lifted
  }
  if (!strokes.empty() && !strokes.back().empty()) {
    const ScriptedPoint& last = strokes.back().back();
    queue(PenSample{0, last.x, last.y, 0, false, false}, last.offset_ns + 2 * kReportInterval);  // gone
  }
  arrived_.notify_all();
}

void SignaturePadSimulator::send_raw(std::vector<std::uint8_t> bytes, std::int64_t at_ns) {
  std::lock_guard lock(mutex_);
  reports_.push_back(HidReport{std::move(bytes), at_ns});
  arrived_.notify_all();
}

std::optional<HidReport> SignaturePadSimulator::next_report(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [&] { return !reports_.empty(); })) return std::nullopt;
  HidReport report = std::move(reports_.front());
  reports_.pop_front();
  return report;
}

bool SignaturePadSimulator::inking() const {
  std::lock_guard lock(mutex_);
  return inking_;
}

int SignaturePadSimulator::screen_clears() const {
  std::lock_guard lock(mutex_);
  return clears_;
}

Expected<void> LoopbackHidTransport::set_feature(std::span<const std::uint8_t> report) {
  if (!pad_->set_feature(report)) return Error("simulated pad: feature report not supported (stall)");
  return {};
}

Expected<std::vector<std::uint8_t>> LoopbackHidTransport::get_feature(std::uint8_t report_id, std::size_t bytes) {
  std::vector<std::uint8_t> answer = pad_->get_feature(report_id);
  if (answer.empty()) return Error("simulated pad: feature report not supported (stall)");
  answer.resize(std::min(answer.size(), bytes));
  return answer;
}

}  // namespace kiosk::devices
