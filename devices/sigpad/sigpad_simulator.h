// A simulated signature pad that speaks HID: it has a report descriptor (a generic pen digitizer) or is a Wacom
// STU-430 (vendor reports, capability and commands), answers the HID class requests, and sends the pen reports of
// a scripted signature — to the real driver in-process (LoopbackHidTransport, for --simulate and the demo) or
// through umockdev under libusb (the tests).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "devices/sigpad/hid_signature_pad.h"

namespace kiosk::devices {

enum class SimulatedPadKind { hid_digitizer, wacom_stu430 };

struct ScriptedPoint {
  std::int64_t offset_ns = 0;  // from the start of the signature
  std::uint16_t x = 0;
  std::uint16_t y = 0;
  std::uint16_t pressure = 0;
};
using ScriptedStroke = std::vector<ScriptedPoint>;

// A handwritten-looking signature of `strokes` strokes over a pad of this geometry, sampled at 200 reports/s.
std::vector<ScriptedStroke> scripted_signature(const PadGeometry& geometry, int strokes = 3);

class SignaturePadSimulator {
 public:
  explicit SignaturePadSimulator(SimulatedPadKind kind = SimulatedPadKind::hid_digitizer);

  std::uint16_t vendor() const;
  std::uint16_t product() const;
  PadGeometry geometry() const;
  std::vector<std::uint8_t> report_descriptor() const;
  std::size_t report_bytes() const;

  // HID class requests.
  std::vector<std::uint8_t> get_feature(std::uint8_t report_id) const;  // empty: not supported (stall)
  bool set_feature(std::span<const std::uint8_t> report);               // false: not supported (stall)

  // Queues the reports of a signature: hovering in, each stroke with the tip down, hovering between strokes, and
  // the pen leaving. Report times are start_ns + the points' offsets.
  void sign(const std::vector<ScriptedStroke>& strokes, std::int64_t start_ns);
  // Queues raw bytes as one report (a report the descriptor does not describe, in the tests).
  void send_raw(std::vector<std::uint8_t> bytes, std::int64_t at_ns);
  // The next report, waiting up to `timeout` for one.
  std::optional<HidReport> next_report(std::chrono::milliseconds timeout);

  bool inking() const;
  int screen_clears() const;

 private:
  std::vector<std::uint8_t> encode(const PenSample& sample) const;
  SimulatedPadKind kind_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<HidReport> reports_;
  bool inking_ = false;
  int clears_ = 0;
};

class LoopbackHidTransport final : public HidTransport {
 public:
  explicit LoopbackHidTransport(std::shared_ptr<SignaturePadSimulator> pad) : pad_(std::move(pad)) {}
  Expected<void> connect() override { return {}; }
  bool connected() const override { return true; }
  std::uint16_t vendor() const override { return pad_->vendor(); }
  std::uint16_t product() const override { return pad_->product(); }
  std::string name() const override { return "simulated pad"; }
  Expected<std::vector<std::uint8_t>> report_descriptor() override { return pad_->report_descriptor(); }
  Expected<std::optional<HidReport>> read_report(std::chrono::milliseconds timeout) override {
    return pad_->next_report(timeout);
  }
  Expected<void> set_feature(std::span<const std::uint8_t> report) override;
  Expected<std::vector<std::uint8_t>> get_feature(std::uint8_t report_id, std::size_t bytes) override;

 private:
  std::shared_ptr<SignaturePadSimulator> pad_;
};

}  // namespace kiosk::devices
