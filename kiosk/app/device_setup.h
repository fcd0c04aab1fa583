// The ID card reader, the receipt printer and the signature pad the configuration names — the real drivers on USB (or
// serial), or, with --simulate, the same drivers on the protocol simulators in-process (the reader holds the first
// fixture card from assets/cards/cards.json).
#pragma once

#include <memory>

#include "devices/idcard/id_card_reader.h"
#include "devices/printer/receipt_printer.h"
#include "kiosk/app/case_recording.h"
#include "kiosk/app/config.h"

namespace kiosk::devices {
class EscPosPrinter;
class SamReaderSimulator;
class SignaturePad;
class SignaturePadSimulator;
}  // namespace kiosk::devices

namespace kiosk::app {

// With --simulate, `simulator` receives the simulated reader, so the caller can put cards on it.
Expected<std::unique_ptr<devices::IdCardReader>> make_id_card_reader(
    const Config& config, std::shared_ptr<devices::SamReaderSimulator>* simulator = nullptr);
Expected<std::unique_ptr<devices::EscPosPrinter>> make_printer(const Config& config);
// The camera and the microphone the configuration names (libcamera, PortAudio), or with --simulate the simulators
// on real time.
RecordingDevices make_recording_devices(const Config& config);
// With --simulate the pad is the HID simulator (a generic digitizer); `simulator` then receives it, so the caller
// can have it sign.
Expected<std::unique_ptr<devices::SignaturePad>> make_signature_pad(
    const Config& config, std::shared_ptr<devices::SignaturePadSimulator>* simulator = nullptr);

}  // namespace kiosk::app
