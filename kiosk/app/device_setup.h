// The ID card reader and the receipt printer the configuration names — the real drivers on USB (or serial), or,
// with --simulate, the same drivers on the protocol simulators in-process (the reader holds the first fixture
// card from assets/cards/cards.json).
#pragma once

#include <memory>

#include "devices/idcard/id_card_reader.h"
#include "devices/printer/receipt_printer.h"
#include "kiosk/app/config.h"

namespace kiosk::devices {
class EscPosPrinter;
}

namespace kiosk::app {

Expected<std::unique_ptr<devices::IdCardReader>> make_id_card_reader(const Config& config);
Expected<std::unique_ptr<devices::EscPosPrinter>> make_printer(const Config& config);

}  // namespace kiosk::app
