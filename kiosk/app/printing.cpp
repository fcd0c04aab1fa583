#include "kiosk/app/printing.h"

#include "kiosk/documents/documents.h"

namespace kiosk::app {

Expected<std::vector<devices::RasterImage>> print_case_document(devices::ReceiptPrinter& printer,
                                                                IntakeController& controller,
                                                                documents::DocumentKind kind,
                                                                const documents::Templates& templates, Instant now,
                                                                const std::string& printer_name, bool reprint) {
  const Case* record = controller.current();
  if (record == nullptr) return Error("no intake is open — there is nothing to print");
  std::uint32_t dot_rows = 0;
  std::vector<devices::RasterImage> slips;
  for (const documents::Layout& slip : TRY(case_printouts(kind, *record, templates, now, controller.key()))) {
    devices::RasterImage dots = TRY(documents::render_raster(slip, printer.width_dots()));
    TRY(printer.print(dots));
    dot_rows += dots.height_dots;
    slips.push_back(std::move(dots));
  }
  TRY(controller.note_printed(kind, printer_name, dot_rows, reprint));
  return slips;
}

}  // namespace kiosk::app
