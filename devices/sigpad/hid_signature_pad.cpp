#include "devices/sigpad/hid_signature_pad.h"

#include <cstdio>

#include "devices/sigpad/wacom_stu.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kMostQueuedSamples = 1 << 18;  // over 20 minutes at 200 reports/s
constexpr std::size_t kMostReportBytes = 64;         // a full-speed interrupt packet

// HID class requests (HID 1.11 §7.2) and the report descriptor's type.
constexpr std::uint8_t kStandardInterface = 0x01;
constexpr std::uint8_t kClassInterface = 0x21;
constexpr std::uint8_t kGetDescriptor = 0x06;
constexpr std::uint8_t kGetReport = 0x01;
constexpr std::uint8_t kSetReport = 0x09;
constexpr std::uint16_t kReportDescriptor = 0x22 << 8;
constexpr std::uint16_t kFeature = 0x03 << 8;

std::int64_t monotonic_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string hex4(std::uint16_t value) {
  char text[5];
  std::snprintf(text, sizeof text, "%04x", value);
  return text;
}

}  // namespace

template <typename Result>
Expected<Result> UsbHidTransport::checked(Expected<Result> result) {
  if (!result && device_ && device_->gone()) device_.reset();
  return result;
}

Expected<void> UsbHidTransport::connect() {
  if (device_) return {};
  device_ = TRY(usb::Device::open(context_, match_));
  return {};
}

Expected<std::vector<std::uint8_t>> UsbHidTransport::report_descriptor() {
  TRY(connect());
  const usb::Device::Setup setup{kStandardInterface, kGetDescriptor, kReportDescriptor,
                                 static_cast<std::uint16_t>(match_.interface)};
  return checked(device_->control_in(setup, 4096, 1000ms));
}

Expected<std::optional<HidReport>> UsbHidTransport::read_report(std::chrono::milliseconds timeout) {
  TRY(connect());
  std::vector<std::uint8_t> bytes = TRY(checked(device_->interrupt_in(endpoint_, kMostReportBytes, timeout)));
  if (bytes.empty()) return std::optional<HidReport>{};
  return std::optional<HidReport>{HidReport{std::move(bytes), monotonic_now_ns()}};
}

Expected<void> UsbHidTransport::set_feature(std::span<const std::uint8_t> report) {
  TRY(connect());
  if (report.empty()) return Error("HID: a feature report needs its id");
  const usb::Device::Setup setup{kClassInterface, kSetReport, static_cast<std::uint16_t>(kFeature | report[0]),
                                 static_cast<std::uint16_t>(match_.interface)};
  return checked(device_->control_out(setup, report, 1000ms));
}

Expected<std::vector<std::uint8_t>> UsbHidTransport::get_feature(std::uint8_t report_id, std::size_t bytes) {
  TRY(connect());
  const usb::Device::Setup setup{kClassInterface, kGetReport, static_cast<std::uint16_t>(kFeature | report_id),
                                 static_cast<std::uint16_t>(match_.interface)};
  return checked(device_->control_in(setup, bytes, 1000ms));
}

HidSignaturePad::HidSignaturePad(std::unique_ptr<HidTransport> transport) : transport_(std::move(transport)) {
  status_ = DeviceStatus{DeviceState::absent, "the signature pad has not been opened yet"};
}

HidSignaturePad::~HidSignaturePad() {
  stop_reading();
}

DeviceStatus HidSignaturePad::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

PadGeometry HidSignaturePad::geometry() const {
  std::lock_guard lock(mutex_);
  return geometry_;
}

std::string HidSignaturePad::model() const {
  std::lock_guard lock(mutex_);
  return model_;
}

// What kind of pad it is: an STU by its product id, anything else by its report descriptor.
Expected<void> HidSignaturePad::identify() {
  if (auto connected = transport_->connect(); !connected) {
    std::lock_guard lock(mutex_);
    status_ = DeviceStatus{DeviceState::absent, connected.error().message()};
    return connected.error();
  }
  if (stu_ || layout_) return {};
  PadGeometry geometry;
  std::string model;
  if (const auto stu = stu::model_of(transport_->vendor(), transport_->product())) {
    geometry = stu->geometry;
    model = std::string(stu->name);
    if (auto capability = transport_->get_feature(stu::kCapability, stu::kCapabilityBytes)) {
      if (auto reported = stu::decode_capability(*capability)) geometry = *reported;
    }
    stu_ = true;
  } else {
    const std::vector<std::uint8_t> descriptor = TRY(transport_->report_descriptor());
    auto layout = hid::parse_pen_layout(descriptor);
    if (!layout) {
      std::lock_guard lock(mutex_);
      status_ = DeviceStatus{DeviceState::fault, transport_->name() + ": " + layout.error().message()};
      return layout.error();
    }
    geometry = hid::geometry_of(*layout);
    layout_ = std::move(*layout);
    model = "HID digitizer " + hex4(transport_->vendor()) + ":" + hex4(transport_->product());
  }
  std::lock_guard lock(mutex_);
  geometry_ = geometry;
  model_ = std::move(model);
  status_ = DeviceStatus{DeviceState::ready, ""};
  return {};
}

std::optional<PenSample> HidSignaturePad::decode(std::span<const std::uint8_t> report) const {
  return stu_ ? stu::decode_pen_data(report) : hid::decode(*layout_, report);
}

Expected<void> HidSignaturePad::probe() {
  {
    std::lock_guard lock(mutex_);
    if (status_.state == DeviceState::busy) return {};
  }
  return identify();
}

Expected<void> HidSignaturePad::begin_capture() {
  stop_reading();
  TRY(identify());
  if (stu_) {
    TRY(transport_->set_feature(std::vector<std::uint8_t>{stu::kClearScreen, 0x00}));
    TRY(transport_->set_feature(std::vector<std::uint8_t>{stu::kInkingMode, 0x01}));
  }
  {
    std::lock_guard lock(mutex_);
    samples_.clear();
    failure_.reset();
    status_ = DeviceStatus{DeviceState::busy, "signing"};
  }
  reading_ = true;
  reader_ = std::thread([this] { read_loop(); });
  return {};
}

void HidSignaturePad::read_loop() {
  while (reading_) {
    auto report = transport_->read_report(50ms);
    if (!report) {
      std::lock_guard lock(mutex_);
      failure_ = report.error().message();
      status_ =
          DeviceStatus{transport_->connected() ? DeviceState::fault : DeviceState::absent, report.error().message()};
      return;
    }
    if (!*report) continue;
    std::optional<PenSample> sample = decode((*report)->bytes);
    std::lock_guard lock(mutex_);
    if (!sample || samples_.size() >= kMostQueuedSamples) {
      ++dropped_;
      continue;
    }
    sample->monotonic_ns = (*report)->monotonic_ns;
    samples_.push_back(*sample);
  }
}

Expected<std::vector<PenSample>> HidSignaturePad::take_samples() {
  std::lock_guard lock(mutex_);
  if (samples_.empty() && failure_) {
    return Error("signature pad " + transport_->name() + ": " + *failure_ +
                 " — plug the pad in again and ask the applicant to sign again");
  }
  std::vector<PenSample> taken(samples_.begin(), samples_.end());
  samples_.clear();
  return taken;
}

Expected<void> HidSignaturePad::clear() {
  if (stu_) TRY(transport_->set_feature(std::vector<std::uint8_t>{stu::kClearScreen, 0x00}));
  std::lock_guard lock(mutex_);
  samples_.clear();
  return {};
}

Expected<void> HidSignaturePad::end_capture() {
  // The pen's last reports are still on their way when the applicant presses "done".
  if (reading_) std::this_thread::sleep_for(80ms);
  stop_reading();
  if (stu_ && transport_->connected()) TRY(transport_->set_feature(std::vector<std::uint8_t>{stu::kInkingMode, 0x00}));
  std::lock_guard lock(mutex_);
  if (status_.state == DeviceState::busy) status_ = DeviceStatus{DeviceState::ready, ""};
  return {};
}

void HidSignaturePad::stop_reading() {
  reading_ = false;
  if (reader_.joinable()) reader_.join();
}

}  // namespace kiosk::devices
