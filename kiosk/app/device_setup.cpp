#include "kiosk/app/device_setup.h"

#include "devices/audio/portaudio_microphone.h"
#include "devices/audio/simulated_microphone.h"
#include "devices/camera/libcamera_camera.h"
#include "devices/camera/simulated_camera.h"
#include "devices/idcard/sam_reader.h"
#include "devices/idcard/sam_simulator.h"
#include "devices/printer/escpos_printer.h"
#include "devices/printer/escpos_simulator.h"
#include "devices/sigpad/hid_signature_pad.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/app/demo.h"

namespace kiosk::app {

Expected<std::unique_ptr<devices::IdCardReader>> make_id_card_reader(
    const Config& config, std::shared_ptr<devices::SamReaderSimulator>* simulator_out) {
  std::unique_ptr<devices::SamTransport> transport;
  if (config.simulate) {
    auto simulator = std::make_shared<devices::SamReaderSimulator>();
    const auto cards = TRY(devices::load_card_fixtures(assets_dir() / "cards" / "cards.json"));
    if (cards.empty()) return Error("no fixture cards in assets/cards/cards.json");
    TRY(simulator->place_card(cards.front()));
    if (simulator_out != nullptr) *simulator_out = simulator;
    transport = std::make_unique<devices::LoopbackSamTransport>(simulator);
  } else if (config.idcard.transport == "serial") {
    transport = std::make_unique<devices::SerialSamTransport>(config.idcard.serial_port);
  } else {
    const auto context = TRY(devices::usb::Context::create());
    transport = std::make_unique<devices::UsbSamTransport>(
        context, devices::usb::DeviceMatch{config.idcard.vendor, config.idcard.product, config.idcard.serial_number, 0},
        devices::SamUsbEndpoints{config.idcard.out_endpoint, config.idcard.in_endpoint,
                                 config.idcard.header_out_endpoint, config.idcard.header_in_endpoint});
  }
  return std::unique_ptr<devices::IdCardReader>(std::make_unique<devices::SamReader>(std::move(transport)));
}

Expected<std::unique_ptr<devices::EscPosPrinter>> make_printer(const Config& config) {
  std::unique_ptr<devices::PrinterTransport> transport;
  if (config.simulate) {
    transport = std::make_unique<devices::LoopbackPrinterTransport>(
        std::make_shared<devices::EscPosPrinterSimulator>(config.printer.width_dots));
  } else {
    const auto context = TRY(devices::usb::Context::create());
    transport = std::make_unique<devices::UsbPrinterTransport>(
        context,
        devices::usb::DeviceMatch{config.printer.vendor, config.printer.product, config.printer.serial_number, 0},
        config.printer.out_endpoint, config.printer.in_endpoint);
  }
  return std::make_unique<devices::EscPosPrinter>(std::move(transport), config.printer.width_dots);
}

Expected<std::unique_ptr<devices::SignaturePad>> make_signature_pad(
    const Config& config, std::shared_ptr<devices::SignaturePadSimulator>* simulator) {
  std::unique_ptr<devices::HidTransport> transport;
  if (config.simulate) {
    auto pad = std::make_shared<devices::SignaturePadSimulator>(devices::SimulatedPadKind::hid_digitizer);
    if (simulator != nullptr) *simulator = pad;
    transport = std::make_unique<devices::LoopbackHidTransport>(pad);
  } else {
    const auto context = TRY(devices::usb::Context::create());
    transport = std::make_unique<devices::UsbHidTransport>(
        context,
        devices::usb::DeviceMatch{config.sigpad.vendor, config.sigpad.product, config.sigpad.serial_number,
                                  config.sigpad.interface},
        config.sigpad.in_endpoint);
  }
  return std::unique_ptr<devices::SignaturePad>(std::make_unique<devices::HidSignaturePad>(std::move(transport)));
}

RecordingDevices make_recording_devices(const Config& config) {
  RecordingDevices sources;
  if (config.simulate) {
    sources.simulated_time = devices::SimulatedTime::real_time();
    sources.camera = std::make_unique<devices::SimulatedCamera>(sources.simulated_time);
    sources.microphone = std::make_unique<devices::SimulatedMicrophone>(sources.simulated_time, 0);
  } else {
    sources.camera = std::make_unique<devices::LibcameraCamera>(config.camera);
    sources.microphone = std::make_unique<devices::PortAudioMicrophone>(config.microphone);
  }
  return sources;
}

}  // namespace kiosk::app
