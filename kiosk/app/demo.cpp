#include "kiosk/app/demo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "devices/audio/simulated_microphone.h"
#include "devices/camera/simulated_camera.h"
#include "devices/idcard/sam_reader.h"
#include "devices/idcard/sam_simulator.h"
#include "devices/printer/escpos_printer.h"
#include "devices/printer/escpos_simulator.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/app/archive_queue.h"
#include "kiosk/app/device_setup.h"
#include "kiosk/app/identity.h"
#include "kiosk/app/intake_controller.h"
#include "kiosk/app/printing.h"
#include "kiosk/app/signing.h"
#include "kiosk/app/store_access.h"
#include "kiosk/documents/notices.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Expected<json> read_script(const fs::path& path) {
  std::ifstream file(path);
  if (!file) return Error("demo script " + path.string() + ": cannot read it — set KIOSK_ASSETS_DIR to assets/");
  json script = json::parse(file, nullptr, false);
  if (script.is_discarded()) return Error("demo script " + path.string() + ": not valid JSON");
  return script;
}

// The script is our own asset, but a technician may edit it: wrong shapes are errors, not exceptions.
Expected<std::string> text(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) {
    return Error(std::string("demo script: \"") + key + "\" must be a string");
  }
  return object[key].get<std::string>();
}

Expected<json> member(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key))
    return Error(std::string("demo script: \"") + key + "\" is missing");
  return object.at(key);
}

Expected<int> number(const json& object, const char* key) {
  if (!object.contains(key) || !object[key].is_number_integer()) {
    return Error(std::string("demo script: \"") + key + "\" must be a whole number");
  }
  return object[key].get<int>();
}

// The script's card, as the reader's text block holds it.
Expected<devices::IdCardData> card_from_script(const json& card) {
  devices::IdCardData data;
  data.kind = devices::IdCardKind::resident;
  data.name = TRY(text(card, "name"));
  data.sex = TRY(text(card, "sex"));
  data.nation = TRY(text(card, "nation"));
  data.birth_date = TRY(text(card, "birth_date"));
  data.address = TRY(text(card, "address"));
  data.id_number = TRY(text(card, "id_number"));
  data.authority = TRY(text(card, "authority"));
  data.valid_from = TRY(text(card, "valid_from"));
  data.valid_to = TRY(text(card, "valid_to"));
  return data;
}

// The applicant puts the card on the simulated reader; the real driver finds, selects and reads it (SAM frames
// through the loopback transport) and decodes it. The phone is what the applicant tells the staff.
Expected<Party> read_applicant(const json& card, std::string phone) {
  auto simulator = std::make_shared<devices::SamReaderSimulator>();
  devices::SamReader reader(std::make_unique<devices::LoopbackSamTransport>(simulator));
  TRY(simulator->place_card(TRY(card_from_script(card))));
  const devices::CardEvent event = TRY(reader.poll());
  if (event.kind != devices::CardEvent::Kind::inserted || !event.card) {
    return Error("demo: the simulated reader did not read the card");
  }
  Party party = party_from_id_card(*event.card);
  party.phone = std::move(phone);
  return party;
}

}  // namespace

fs::path assets_dir() {
  if (const char* configured = std::getenv("KIOSK_ASSETS_DIR")) return configured;
  if (fs::exists(KIOSK_INSTALLED_ASSETS_DIR)) return KIOSK_INSTALLED_ASSETS_DIR;
  return KIOSK_SOURCE_ASSETS_DIR;
}

Expected<DemoResult> run_demo(Config config, const DemoOptions& options) {
  if (options.seconds < 1 || options.seconds > 86400) return Error("demo: --seconds must be 1 to 86400");
  const json script = TRY(read_script(options.script.empty() ? assets_dir() / "demo" / "intake.json" : options.script));

  std::error_code error;
  fs::create_directories(options.out_dir, error);
  if (error) return Error("demo: cannot create " + options.out_dir.string() + ": " + error.message());
  config.data_dir = fs::absolute(options.out_dir);

  store::Store store = TRY(open_store(config));
  media::SystemClock system_clock;
  media::ManualClock clock(system_clock.now(), system_clock.monotonic_ns());
  IntakeController controller = TRY(IntakeController::create(store, clock, config));
  TRY(controller.recover_unsealed());

  // The intake is recorded by the simulated camera and microphone on a virtual clock that keeps pace with the
  // script's: each step waits until the recording has reached it, so the case's times and its media agree.
  auto time = devices::SimulatedTime::virtual_time((system_clock.monotonic_ns() / 1'000'000'000 + 1) * 1'000'000'000);
  time->set_horizon(time->start_ns());  // virtual time moves only with the script's clock
  controller.set_recording(
      TRY(CaseRecording::start(RecordingDevices{std::make_unique<devices::SimulatedCamera>(time),
                                                std::make_unique<devices::SimulatedMicrophone>(time, 0), time},
                               config.recording, clock, config.terminal_id)));
  const std::int64_t armed_ns = clock.monotonic_ns();
  // Virtual time may advance only as far as the script's clock; wait until the recording is there.
  const auto catch_up = [&]() -> Expected<void> {
    const CaseRecording* recording = controller.recording();
    if (recording == nullptr) return {};
    const std::int64_t now = recording->origin_ns() + (clock.monotonic_ns() - armed_ns);
    time->set_horizon(now);
    while (recording->encoded_until_ns() < now - 50'000'000) {
      if (recording->failed()) return Error("the recording stopped — see the error when the case closes");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return {};
  };

  // The steps are spread over the intake's length on the virtual clock; closing happens at exactly --seconds.
  const std::int64_t length_ms = std::int64_t{options.seconds} * 1000;
  const std::int64_t step_ms = length_ms / 9;
  const json staff_json = TRY(member(script, "staff"));
  const Staff staff{TRY(text(staff_json, "id")), TRY(text(staff_json, "name")),
                    TRY(text(staff_json, "certificate_number"))};
  // The counter was being recorded before the staff pressed "new intake": that is the case's pre-roll.
  clock.advance_ms(std::int64_t{config.recording.pre_roll_seconds} * 1000);
  TRY(catch_up());
  const std::int64_t started_ms = clock.now().unix_ms;
  const std::string number_opened = TRY(controller.open_case(staff, TRY(text(script, "matter_type"))));

  clock.advance_ms(step_ms);
  TRY(catch_up());
  TRY(controller.identify(TRY(read_applicant(TRY(member(script, "card")), TRY(text(script, "phone"))))));

  const json materials = TRY(member(script, "materials"));
  if (!materials.is_array()) return Error("demo script: \"materials\" must be a list");
  for (const json& item : materials) {
    clock.advance_ms(step_ms / 3);
    TRY(catch_up());
    Material material;
    material.name = TRY(text(item, "name"));
    material.copies = TRY(number(item, "copies"));
    material.pages = TRY(number(item, "pages"));
    material.form = TRY(text(item, "form")) == "copy" ? MaterialForm::copy : MaterialForm::original;
    if (item.contains("note")) material.note = TRY(text(item, "note"));
    TRY(controller.add_material(std::move(material)));
  }

  clock.advance_ms(step_ms);
  TRY(catch_up());
  const json decision_json = TRY(member(script, "decision"));
  Decision decision;
  const std::string kind = TRY(text(decision_json, "kind"));
  if (auto parsed = enum_from_name<DecisionKind>(kind)) {
    decision.kind = *parsed;
  } else {
    return Error("demo script: decision kind \"" + kind + "\" is unknown");
  }
  if (decision_json.contains("reason")) decision.reason = TRY(text(decision_json, "reason"));
  if (decision_json.contains("legal_basis")) decision.legal_basis = TRY(text(decision_json, "legal_basis"));
  if (decision_json.contains("missing_items")) {
    for (const json& item : decision_json.at("missing_items")) {
      if (!item.is_string()) return Error("demo script: missing_items must be strings");
      decision.missing_items.push_back(item.get<std::string>());
    }
  }
  TRY(controller.decide(std::move(decision)));

  // The documents the decision calls for, filed as PDF in the case; the receipt and the notice printed on the
  // simulated printer through the real ESC/POS driver (each print an audit event of the case).
  clock.advance_ms(step_ms);
  TRY(catch_up());
  const documents::Templates templates = TRY(documents::load_templates(assets_dir() / "templates" / "documents.toml"));
  const std::vector<DocumentRef> issued = TRY(controller.issue_documents(templates));
  devices::EscPosPrinter printer(std::make_unique<devices::LoopbackPrinterTransport>(
                                     std::make_shared<devices::EscPosPrinterSimulator>(config.printer.width_dots)),
                                 config.printer.width_dots);
  for (documents::DocumentKind document : documents::documents_for(controller.current()->decision->kind)) {
    if (document == documents::DocumentKind::proof_of_service) continue;
    TRY(print_case_document(printer, controller, document, templates, clock.now(), "(simulated)"));
  }

  // The applicant signs the proof of service on the simulated pad: HID reports through the real driver.
  clock.advance_ms(step_ms);
  TRY(catch_up());
  const auto proof = std::find_if(issued.begin(), issued.end(), [](const DocumentRef& document) {
    return document.kind == name_of(documents::DocumentKind::proof_of_service);
  });
  if (proof == issued.end()) return Error("demo: the proof of service was not issued");
  std::shared_ptr<devices::SignaturePadSimulator> pad_simulator;
  Config simulated = config;
  simulated.simulate = true;
  const auto pad = TRY(make_signature_pad(simulated, &pad_simulator));
  const documents::Signature signature =
      TRY(capture_signature(*pad, *proof, clock.now(), std::chrono::seconds(10), [&] {
        pad_simulator->sign(devices::scripted_signature(pad->geometry(), 3), clock.monotonic_ns());
      }));
  TRY(controller.sign(signature, templates));

  clock.advance_ms(length_ms - (clock.now().unix_ms - started_ms));
  TRY(catch_up());
  TRY(controller.close());
  const std::size_t segments = controller.current()->media.size();
  std::int64_t frames = 0;
  for (const MediaSegmentRef& segment : controller.current()->media) frames += segment.video_frames;
  const archive::SealedBag bag = TRY(controller.seal());

  // The sealed case file goes to the archive: the configured one, or a folder beside the demo's data standing in
  // for the archive share. What arrives is checked as it is written.
  if (config.archive.sink == "none") {
    config.archive.sink = "directory";
    config.archive.directory = config.data_dir / "archive";
    fs::create_directories(config.archive.directory, error);
  }
  const auto sink = TRY(make_sink(config));
  ArchiveQueue queue(store, config, *sink, clock);
  if (TRY(queue.run_once()) != 1) {
    const auto entries = TRY(archive_status(store, config, clock.now()));
    return Error("demo: the case file did not reach the archive: " +
                 (entries.empty() ? std::string("nothing was queued") : entries.back().last_error));
  }
  const std::string archived = (*TRY(store.outbox().all()).rbegin()).location;
  return DemoResult{number_opened, bag.path, config.database_path(), bag.tagmanifest_sha256, segments,
                    frames,        archived};
}

}  // namespace kiosk::app
