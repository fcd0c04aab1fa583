#include "devices/printer/escpos_printer.h"

#include <algorithm>
#include <utility>

namespace kiosk::devices {

Expected<void> UsbPrinterTransport::connect() {
  if (device_) return {};
  device_ = TRY(usb::Device::open(context_, match_));
  return {};
}

Expected<void> UsbPrinterTransport::send(std::span<const std::uint8_t> bytes) {
  if (!device_) return Error("receipt printer " + match_.name() + " is not open");
  auto sent = device_->bulk_out(out_, bytes, std::chrono::milliseconds(5000));
  if (device_->gone()) device_.reset();
  return sent;
}

Expected<std::vector<std::uint8_t>> UsbPrinterTransport::receive(std::size_t most, std::chrono::milliseconds timeout) {
  if (!device_) return Error("receipt printer " + match_.name() + " is not open");
  auto bytes = device_->bulk_in(in_, std::max<std::size_t>(most, 64), timeout);
  if (device_->gone()) device_.reset();
  return bytes;
}

DeviceStatus EscPosPrinter::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool EscPosPrinter::job_held() const {
  std::lock_guard lock(mutex_);
  return held_.has_value();
}

Expected<std::uint8_t> EscPosPrinter::ask(int n) {
  TRY(transport_->send(escpos::status_request(n)));
  const std::vector<std::uint8_t> answer = TRY(transport_->receive(1, answer_timeout_));
  if (answer.empty()) {
    return Error("receipt printer " + transport_->name() + " did not answer the status request — is it switched on?");
  }
  return answer.back();
}

Expected<escpos::PrinterStatus> EscPosPrinter::query_status() {
  auto connected = transport_->connect();
  if (!connected) {
    std::lock_guard lock(mutex_);
    status_ = DeviceStatus{connected.error().message().find("permission") != std::string::npos ? DeviceState::no_access
                                                                                               : DeviceState::absent,
                           connected.error().message()};
    return std::move(connected).error();
  }
  bool cut_off = false;
  {
    std::lock_guard lock(mutex_);
    cut_off = cut_off_;
  }
  if (cut_off) {
    TRY(transport_->send(escpos::after_cut_off(width_dots_)));
    std::lock_guard lock(mutex_);
    cut_off_ = false;
  }
  escpos::PrinterStatus printer;
  for (int n = 1; n <= 4; ++n) {
    auto answer = ask(n);
    Expected<void> applied = answer ? escpos::apply_status(n, *answer, printer) : Expected<void>(answer.error());
    if (!applied) {
      std::lock_guard lock(mutex_);
      status_ =
          DeviceStatus{transport_->connected() ? DeviceState::fault : DeviceState::absent, applied.error().message()};
      return std::move(applied).error();
    }
  }
  std::lock_guard lock(mutex_);
  status_ = DeviceStatus{held_                 ? DeviceState::fault
                         : printer.can_print() ? DeviceState::ready
                                               : DeviceState::fault,
                         held_ && printer.can_print() ? "a receipt is waiting — press Resume" : printer.describe()};
  return printer;
}

Expected<void> EscPosPrinter::run(const RasterImage& image) {
  if (image.width_dots != width_dots_) {
    return Error("receipt printer: the image is " + std::to_string(image.width_dots) + " dots wide, the paper " +
                 std::to_string(width_dots_) + " — render for this printer's width");
  }
  const escpos::PrinterStatus before = TRY(query_status());
  if (!before.can_print()) return Error("receipt printer: " + before.describe());
  job_started_ = true;
  TRY(transport_->send(escpos::kInit));
  for (std::uint32_t index = 0; index < escpos::band_count(image); ++index) {
    TRY(transport_->send(escpos::band(image, index)));
    // The paper is checked after every band: a roll that runs out mid-receipt holds the job.
    std::uint8_t paper = TRY(ask(4));
    escpos::PrinterStatus during;
    TRY(escpos::apply_status(4, paper, during));
    if (during.paper_out)
      return Error(
          "receipt printer: paper ran out while printing — load a new roll and press "
          "Resume (the receipt is printed again, whole)");
  }
  const std::uint8_t feed[] = {0x1B, 0x64, 0x04};
  TRY(transport_->send(feed));
  TRY(transport_->send(escpos::kCut));
  const escpos::PrinterStatus after = TRY(query_status());
  if (!after.can_print() && (after.paper_out || after.cutter_error || after.cover_open)) {
    return Error("receipt printer: after printing, " + after.describe());
  }
  return {};
}

Expected<void> EscPosPrinter::print(const RasterImage& image) {
  {
    std::lock_guard lock(mutex_);
    if (held_) return Error("receipt printer: a receipt is still waiting — press Resume first");
  }
  auto printed = run(image);
  const bool started = std::exchange(job_started_, false);
  if (!printed) {
    std::lock_guard lock(mutex_);
    held_ = image;
    if (started && !transport_->connected()) cut_off_ = true;
    status_ =
        DeviceStatus{transport_->connected() ? DeviceState::fault : DeviceState::absent, printed.error().message()};
  }
  return printed;
}

Expected<void> EscPosPrinter::resume() {
  std::optional<RasterImage> job;
  {
    std::lock_guard lock(mutex_);
    job.swap(held_);
  }
  if (!job) return Error("receipt printer: no receipt is waiting");
  return print(*job);
}

}  // namespace kiosk::devices
