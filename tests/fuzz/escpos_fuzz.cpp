// Bytes from (or for) a receipt printer: status answers of any value, and any ESC/POS stream into the simulator,
// which must never crash or print outside its paper.
#include <cstddef>
#include <cstdint>
#include <span>

#include "devices/printer/escpos.h"
#include "devices/printer/escpos_simulator.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::devices;
  if (size == 0) return 0;
  escpos::PrinterStatus status;
  for (std::size_t i = 0; i < size && i < 8; ++i) (void)escpos::apply_status(static_cast<int>(i % 5), data[i], status);
  (void)status.describe();
  EscPosPrinterSimulator printer(384);
  printer.load_paper(data[0] * 8u);
  // In two pieces: a command cut across two transfers must still be read whole.
  const std::span<const std::uint8_t> bytes(data, size);
  printer.receive_bytes(bytes.first(size / 2));
  printer.receive_bytes(bytes.subspan(size / 2));
  for (const RasterImage& page : printer.pages()) {
    if (page.width_dots != 384 || page.rows.size() != std::size_t{48} * page.height_dots) __builtin_trap();
  }
  (void)printer.take_answer_bytes(64);
  return 0;
}
