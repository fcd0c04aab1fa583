// The signature pad driver: a USB HID digitizer read through libusb. The pad's report descriptor says where the
// pen's channels are; the Wacom STU family (vendor reports) is decoded by its known report numbers and given its
// commands (clear screen, inking) — both behind SignaturePad. Reports are read on a thread of the driver's own
// while a capture runs, stamped with CLOCK_MONOTONIC on arrival; reports that do not match the descriptor are
// dropped and counted.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "devices/sigpad/hid_descriptor.h"
#include "devices/sigpad/signature_pad.h"
#include "devices/usb/usb.h"

namespace kiosk::devices {

struct HidReport {
  std::vector<std::uint8_t> bytes;
  std::int64_t monotonic_ns = 0;  // when it arrived
};

class HidTransport {
 public:
  virtual ~HidTransport() = default;
  virtual Expected<void> connect() = 0;
  virtual bool connected() const = 0;
  virtual std::uint16_t vendor() const = 0;
  virtual std::uint16_t product() const = 0;
  virtual std::string name() const = 0;
  virtual Expected<std::vector<std::uint8_t>> report_descriptor() = 0;
  // One input report, or nothing within the timeout.
  virtual Expected<std::optional<HidReport>> read_report(std::chrono::milliseconds timeout) = 0;
  // SET_REPORT / GET_REPORT of a feature report (the first byte is the report id).
  virtual Expected<void> set_feature(std::span<const std::uint8_t> report) = 0;
  virtual Expected<std::vector<std::uint8_t>> get_feature(std::uint8_t report_id, std::size_t bytes) = 0;
};

// The pad on USB: interface `match.interface` (class HID), its interrupt IN endpoint, HID class requests on
// endpoint 0. The kernel's usbhid driver is detached while we hold the interface.
class UsbHidTransport final : public HidTransport {
 public:
  UsbHidTransport(std::shared_ptr<usb::Context> context, usb::DeviceMatch match, std::uint8_t endpoint = 0x81)
      : context_(std::move(context)), match_(std::move(match)), endpoint_(endpoint) {}
  Expected<void> connect() override;
  bool connected() const override { return device_ != nullptr; }
  std::uint16_t vendor() const override { return match_.vendor; }
  std::uint16_t product() const override { return match_.product; }
  std::string name() const override { return "USB " + match_.name(); }
  Expected<std::vector<std::uint8_t>> report_descriptor() override;
  Expected<std::optional<HidReport>> read_report(std::chrono::milliseconds timeout) override;
  Expected<void> set_feature(std::span<const std::uint8_t> report) override;
  Expected<std::vector<std::uint8_t>> get_feature(std::uint8_t report_id, std::size_t bytes) override;

 private:
  template <typename Result>
  Expected<Result> checked(Expected<Result> result);
  std::shared_ptr<usb::Context> context_;
  usb::DeviceMatch match_;
  std::uint8_t endpoint_;
  std::unique_ptr<usb::Device> device_;
};

class HidSignaturePad final : public SignaturePad {
 public:
  explicit HidSignaturePad(std::unique_ptr<HidTransport> transport);
  ~HidSignaturePad() override;
  HidSignaturePad(const HidSignaturePad&) = delete;
  HidSignaturePad& operator=(const HidSignaturePad&) = delete;

  DeviceStatus status() const override;
  PadGeometry geometry() const override;
  std::string model() const override;
  Expected<void> probe() override;
  // Opens the pad (reading its descriptor the first time), clears its screen and turns inking on (STU), and
  // starts reading.
  Expected<void> begin_capture() override;
  Expected<std::vector<PenSample>> take_samples() override;
  Expected<void> clear() override;
  Expected<void> end_capture() override;
  std::uint64_t dropped_reports() const override { return dropped_.load(); }

 private:
  Expected<void> identify();
  void read_loop();
  std::optional<PenSample> decode(std::span<const std::uint8_t> report) const;
  void stop_reading();

  std::unique_ptr<HidTransport> transport_;
  std::optional<hid::PenLayout> layout_;  // from the descriptor; empty for an STU
  bool stu_ = false;
  std::string model_;
  PadGeometry geometry_;

  mutable std::mutex mutex_;
  std::deque<PenSample> samples_;
  std::optional<std::string> failure_;  // why reading stopped
  DeviceStatus status_;
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<bool> reading_{false};
  std::thread reader_;
};

}  // namespace kiosk::devices
