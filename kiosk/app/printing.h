// Printing a case's document on the receipt printer: each slip set as dots and cut on its own, and the print an
// audit event of the case. The demo, the UI and `kiosk print` share it.
#pragma once

#include <string>

#include "devices/printer/receipt_printer.h"
#include "kiosk/app/intake_controller.h"

namespace kiosk::app {

// Prints `kind` of the open case; returns the slips as printed (the UI shows them as the document's preview).
Expected<std::vector<devices::RasterImage>> print_case_document(devices::ReceiptPrinter& printer,
                                                                IntakeController& controller,
                                                                documents::DocumentKind kind,
                                                                const documents::Templates& templates, Instant now,
                                                                const std::string& printer_name, bool reprint = false);

}  // namespace kiosk::app
