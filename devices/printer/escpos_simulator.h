// A receipt printer, simulated at the byte stream: it interprets ESC/POS as a printer does — ESC @, GS v 0 raster
// (its dots land on the "paper"), ESC d feeds, GS V cuts (the page is done) — and answers DLE EOT n with real
// status bytes. The paper can run out (after a given number of dot rows) and the cover can be opened. Under
// umockdev its bytes travel through the real libusb driver; in-process (kiosk --simulate) through a loopback.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "devices/printer/escpos_printer.h"
#include "devices/printer/receipt_printer.h"

namespace kiosk::devices {

class EscPosPrinterSimulator {
 public:
  explicit EscPosPrinterSimulator(std::uint32_t width_dots) : width_dots_(width_dots) {}

  void receive_bytes(std::span<const std::uint8_t> bytes);
  std::vector<std::uint8_t> take_answer_bytes(std::size_t most);

  // A new roll with this many dot rows on it (the paper in the printer is torn off first).
  void load_paper(std::uint32_t rows);
  void set_cover_open(bool open);

  // Pages cut so far, and what was printed on paper that ran out.
  std::vector<RasterImage> pages() const;
  std::vector<RasterImage> torn() const;
  std::size_t unknown_bytes() const;

 private:
  void finish_page(std::vector<RasterImage>& into);
  std::uint8_t status_byte(int n) const;

  std::uint32_t width_dots_;
  mutable std::mutex mutex_;
  std::vector<std::uint8_t> incoming_;
  std::deque<std::uint8_t> outgoing_;
  std::uint32_t paper_rows_ = 1'000'000;
  bool cover_open_ = false;
  RasterImage page_;
  std::vector<RasterImage> pages_;
  std::vector<RasterImage> torn_;
  std::size_t unknown_ = 0;
};

class LoopbackPrinterTransport final : public PrinterTransport {
 public:
  explicit LoopbackPrinterTransport(std::shared_ptr<EscPosPrinterSimulator> printer) : printer_(std::move(printer)) {}
  Expected<void> connect() override { return {}; }
  bool connected() const override { return true; }
  Expected<void> send(std::span<const std::uint8_t> bytes) override {
    printer_->receive_bytes(bytes);
    return {};
  }
  Expected<std::vector<std::uint8_t>> receive(std::size_t most, std::chrono::milliseconds) override {
    return printer_->take_answer_bytes(most);
  }
  std::string name() const override { return "(simulated)"; }

 private:
  std::shared_ptr<EscPosPrinterSimulator> printer_;
};

}  // namespace kiosk::devices
