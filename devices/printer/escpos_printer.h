// The receipt printer driver: ESC/POS over the USB printer class (bulk OUT for commands, bulk IN for status), or
// in-process to the simulator. A job is rendered first, the status is read before it (no paper, cover open: the
// job waits, with the message the staff need), sent band by band with the paper checked between bands (paper out
// mid-job holds the job: Resume prints it again whole), and confirmed by the status after.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "devices/printer/escpos.h"
#include "devices/printer/receipt_printer.h"
#include "devices/usb/usb.h"

namespace kiosk::devices {

class PrinterTransport {
 public:
  virtual ~PrinterTransport() = default;
  virtual Expected<void> connect() = 0;
  virtual bool connected() const = 0;
  virtual Expected<void> send(std::span<const std::uint8_t> bytes) = 0;
  // Up to `most` bytes; empty when none came in time.
  virtual Expected<std::vector<std::uint8_t>> receive(std::size_t most, std::chrono::milliseconds timeout) = 0;
  virtual std::string name() const = 0;
};

class UsbPrinterTransport final : public PrinterTransport {
 public:
  UsbPrinterTransport(std::shared_ptr<usb::Context> context, usb::DeviceMatch match, std::uint8_t out = 0x01,
                      std::uint8_t in = 0x82)
      : context_(std::move(context)), match_(std::move(match)), out_(out), in_(in) {}
  Expected<void> connect() override;
  bool connected() const override { return device_ != nullptr; }
  Expected<void> send(std::span<const std::uint8_t> bytes) override;
  Expected<std::vector<std::uint8_t>> receive(std::size_t most, std::chrono::milliseconds timeout) override;
  std::string name() const override { return "USB " + match_.name(); }

 private:
  std::shared_ptr<usb::Context> context_;
  usb::DeviceMatch match_;
  std::uint8_t out_;
  std::uint8_t in_;
  std::unique_ptr<usb::Device> device_;
};

class EscPosPrinter final : public ReceiptPrinter {
 public:
  EscPosPrinter(std::unique_ptr<PrinterTransport> transport, std::uint32_t width_dots,
                std::chrono::milliseconds answer_timeout = std::chrono::milliseconds(1000))
      : transport_(std::move(transport)), width_dots_(width_dots), answer_timeout_(answer_timeout) {}

  DeviceStatus status() const override;
  std::uint32_t width_dots() const override { return width_dots_; }
  Expected<void> print(const RasterImage& image) override;
  // Prints the held job again, whole (after paper was loaded or the cover closed).
  Expected<void> resume() override;
  bool job_held() const override;

  // Reads DLE EOT 1–4.
  Expected<escpos::PrinterStatus> query_status();

 private:
  Expected<void> run(const RasterImage& image);
  Expected<std::uint8_t> ask(int n);

  std::unique_ptr<PrinterTransport> transport_;
  std::uint32_t width_dots_;
  std::chrono::milliseconds answer_timeout_;
  mutable std::mutex mutex_;
  DeviceStatus status_{DeviceState::absent, "receipt printer not opened yet"};
  std::optional<RasterImage> held_;
  bool job_started_ = false;  // run() has sent the job's first byte (only the job's thread touches it)
  bool cut_off_ = false;      // the cable went mid-job: the printer may be inside a command (escpos::after_cut_off)
};

}  // namespace kiosk::devices
