// kiosk — one binary for the counter terminal. See ARCHITECTURE.md, "Command-line contract".
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

#include "kiosk/app/commands.h"
#include "kiosk/app/counter.h"
#include "kiosk/app/display_access.h"
#include "kiosk/app/doctor.h"
#include "kiosk/app/log.h"
#include "kiosk/app/record.h"
#include "kiosk/app/service.h"
#include "kiosk/media/clock.h"
#include "ui/kiosk_ui.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "0.0.0"
#endif

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int /*signal*/) {
  stop_requested = true;
}

// The kiosk itself: the counter with its devices, and the touch UI until SIGTERM or a technician closes it. An
// intake open at that moment is sealed as interrupted; the recording's segment is finalized.
int run_kiosk_ui(const kiosk::app::GlobalOptions& options, bool windowed) {
  using namespace kiosk;
  auto config = app::resolve_config(options);
  if (!config) return app::fail(options, config.error());
  app::log::set_level(config->log_level);
  // Before the devices open and SDL starts: a kiosk that cannot draw, or draws and takes no touch, does not start.
  auto display = app::check_display_access(app::DisplayEnvironment::of_process());
  if (!display) return app::fail(options, display.error().within("kiosk"));
  app::log::info("display: " + display->display + ", input " + display->input);
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  media::SystemClock clock;
  auto counter = app::Counter::open(*config, app::open_counter_devices(*config, clock), clock);
  if (!counter) return app::fail(options, counter.error().within("kiosk"));
  ui::WindowOptions window;
  window.fullscreen = config->ui.fullscreen && !windowed;
  app::ServiceNotifier service;
  ui::LoopHooks hooks;
  hooks.first_frame = [&] { service.ready("serving at terminal " + config->terminal_id); };
  hooks.every_frame = [&] { service.alive(); };  // a UI that stops drawing is restarted by systemd
  const int code = ui::run_kiosk(**counter, window, stop_requested, hooks);
  service.stopping("closing: sealing any open intake");
  if (auto closed = (*counter)->shutdown(stop_requested ? "the kiosk was stopped (SIGTERM) during the intake"
                                                        : "the kiosk was closed during the intake");
      !closed) {
    return app::fail(options, closed.error().within("kiosk: sealing the open intake"));
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using kiosk::app::GlobalOptions;
  GlobalOptions options;
  CLI::App app{"Counter Kiosk — whole-process record of intake at a service-hall counter (窗口收件全过程记录)"};
  app.set_version_flag("--version", "kiosk " KIOSK_VERSION);
  app.add_option("--config", options.config_path, "configuration file (default /etc/counter-kiosk/kiosk.toml)")
      ->check(CLI::ExistingFile);
  app.add_option("--data", options.data_dir, "data directory (overrides storage.data_dir)");
  app.add_flag("--simulate", options.simulate, "use simulated devices");
  app.add_flag("--json", options.json, "machine-readable output");
  bool windowed = false;
  app.add_flag("--windowed", windowed, "the UI in a window instead of fullscreen (on a developer's desktop)");
  // Subcommands created after this pass options they do not know (--json, --data, …) up to the top level, so
  // `kiosk store check --json` and `kiosk --json store check` mean the same.
  app.fallthrough();

  std::filesystem::path demo_out;
  int demo_seconds = 10;
  CLI::App* demo = app.add_subcommand("demo", "a whole scripted intake, headless, with simulated devices");
  demo->add_option("--out", demo_out, "folder for the database and the sealed case file")->required();
  demo->add_option("--seconds", demo_seconds, "length of the intake")->check(CLI::Range(1, 86400));

  kiosk::app::RecordOptions record_options;
  CLI::App* record = app.add_subcommand("record", "record the counter for N seconds into DIR");
  record->add_option("--out", record_options.out_dir, "folder for the recording segments")->required();
  record->add_option("--seconds", record_options.seconds, "how long")->required()->check(CLI::Range(1, 86400));
  record->add_flag("--virtual-clock", record_options.virtual_clock, "simulated devices as fast as the machine allows");
  record->add_option("--audio-drift-ppm", record_options.audio_drift_ppm, "simulated microphone clock error")
      ->check(CLI::Range(-10000.0, 10000.0));
  record->add_option("--width", record_options.width, "frame width")->check(CLI::Range(16, 7680));
  record->add_option("--height", record_options.height, "frame height")->check(CLI::Range(16, 4320));
  record->add_option("--fps", record_options.fps, "frames per second")->check(CLI::Range(1, 120));
  record
      ->add_option("--unplug-camera", record_options.unplug_camera,
                   "simulated outage: the camera is pulled out at FROM s and back at TO s")
      ->expected(2)
      ->type_name("FROM TO");
  record
      ->add_option("--unplug-microphone", record_options.unplug_microphone,
                   "simulated outage: the microphone is pulled out at FROM s and back at TO s")
      ->expected(2)
      ->type_name("FROM TO");
  record->add_option("--segment-seconds", record_options.segment_seconds, "length of each file")
      ->check(CLI::Range(2, 3600));

  CLI::App* store = app.add_subcommand("store", "the database");
  store->require_subcommand(1);
  CLI::App* store_check = store->add_subcommand("check", "integrity of the database and the audit chain");
  std::string find_id_number;
  std::string find_reason;
  CLI::App* store_find =
      store->add_subcommand("find", "the cases of a party or agent by ID number, masked (the look-up is audited)");
  store_find->add_option("--id-number", find_id_number, "the ID number or credit code")->required();
  store_find->add_option("--reason", find_reason, "why you look: recorded in the audit log")->required();

  std::filesystem::path bag;
  CLI::App* archive = app.add_subcommand("archive", "sealed case files");
  archive->require_subcommand(1);
  CLI::App* verify = archive->add_subcommand(
      "verify", "check a case file: the bag and every hash, the terminal's signature, the link to the case before");
  std::filesystem::path verify_key;
  verify->add_option("--key", verify_key,
                     "the sealing terminal's public key (default: this terminal's, <data>/keys/terminal.key.pub)");
  verify->add_option("PATH", bag, "the case file folder")->required();

  CLI::App* archive_status = archive->add_subcommand(
      "status", "every case file in the queue: pending, uploading, verified or failed (why), and its deadline");
  CLI::App* archive_flush =
      archive->add_subcommand("flush", "ship every queued case file now, and wait until the archive has them");
  int flush_seconds = 600;
  archive_flush->add_option("--timeout", flush_seconds, "give up after this many seconds")->check(CLI::Range(1, 86400));

  std::filesystem::path config_file;
  CLI::App* config = app.add_subcommand("config", "the configuration file");
  config->require_subcommand(1);
  CLI::App* config_check = config->add_subcommand("check", "validate a configuration file");
  config_check->add_option("FILE", config_file, "the file to check")->required();

  CLI::App* doctor = app.add_subcommand(
      "doctor",
      "check the devices, display and touch, disk, clock, key, staff, database and archive, with a remedy "
      "for each problem");
  std::vector<std::string> doctor_checks;
  doctor->add_option("--only", doctor_checks, "only these checks, comma-separated: printer,camera,\"id card reader\",…")
      ->delimiter(',')
      ->check(CLI::IsMember(kiosk::app::kDoctorChecks));

  CLI::App* staff = app.add_subcommand("staff", "the staff roster (ui.staff_file)");
  staff->require_subcommand(1);
  CLI::App* staff_hash_pin =
      staff->add_subcommand("hash-pin", "read a PIN from standard input and print its hash, the roster's pin = line");
  std::filesystem::path staff_file;
  CLI::App* staff_check = staff->add_subcommand("check", "validate a staff roster");
  staff_check->add_option("FILE", staff_file, "the roster")->required();

  std::filesystem::path frame_file;
  CLI::App* idcard = app.add_subcommand("idcard", "the ID card reader");
  idcard->require_subcommand(1);
  CLI::App* idcard_decode = idcard->add_subcommand(
      "decode", "decode one raw reader response frame (binary or hex text) to the card's fields");
  idcard_decode->add_option("FILE", frame_file, "the frame")->required();
  std::filesystem::path photo_file;
  idcard_decode->add_option("--photo", photo_file, "save the photo as a BMP (decoded, or the placeholder)");
  int wait_seconds = 30;
  CLI::App* idcard_read = idcard->add_subcommand("read", "read the card put on the reader, and print its fields");
  idcard_read->add_option("--wait", wait_seconds, "how long to wait for a card (seconds)")->check(CLI::Range(1, 600));
  idcard_read->add_option("--photo", photo_file, "save the photo as a BMP (decoded, or the placeholder)");
  CLI::App* printer = app.add_subcommand("printer", "the receipt printer");
  printer->require_subcommand(1);
  CLI::App* printer_status = printer->add_subcommand("status", "paper, cover and errors, as the printer reports");
  CLI::App* sigpad = app.add_subcommand("sigpad", "the signature pad");
  sigpad->require_subcommand(1);
  CLI::App* sigpad_sign = sigpad->add_subcommand("sign", "take a test signature and report what the pad sent");
  int sign_seconds = 30;
  std::filesystem::path signature_png;
  std::filesystem::path signature_json;
  sigpad_sign->add_option("--wait", sign_seconds, "how long to wait for the signature (seconds)")
      ->check(CLI::Range(1, 600));
  sigpad_sign->add_option("--png", signature_png, "save the signature as a PNG");
  sigpad_sign->add_option("--json", signature_json, "save the pen data as JSON");
  CLI::App* sigpad_descriptor =
      sigpad->add_subcommand("descriptor", "read a pad's HID report descriptor and show where the pen's values are");
  std::filesystem::path descriptor_file;
  sigpad_descriptor->add_option("FILE", descriptor_file, "the descriptor (/sys/bus/usb/devices/…/report_descriptor)")
      ->required();
  CLI::App* print = app.add_subcommand("print", "print on the receipt printer");
  print->require_subcommand(1);
  CLI::App* print_test = print->add_subcommand("test", "a test page: Chinese text and a QR code, drawn as dots");
  kiosk::app::PrintDocumentOptions print_document;
  std::vector<CLI::App*> print_documents;
  for (const char* which : {"receipt", "notice", "proof"}) {
    CLI::App* command = print->add_subcommand(
        which, std::string("a stored case's ") + (std::string(which) == "receipt"  ? "material receipt"
                                                  : std::string(which) == "notice" ? "decision notice"
                                                                                   : "proof of service"));
    command->add_option("--case", print_document.case_number, "the case number")->required();
    command->add_option("--reason", print_document.reason, "why: recorded in the audit log with who")->required();
    command->add_option("--escpos", print_document.escpos_file, "write the ESC/POS bytes to FILE instead of printing");
    command->add_option("--png", print_document.png_file, "write the dots as a PNG to FILE instead of printing");
    command->add_option("--pdf", print_document.pdf_file, "write the document as PDF to FILE instead of printing");
    print_documents.push_back(command);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  if (*demo) return kiosk::app::run_demo_command(options, demo_out, demo_seconds);
  if (*record) {
    record_options.simulate = options.simulate;
    return kiosk::app::run_record_command(options, record_options);
  }
  if (*store_check) return kiosk::app::run_store_check(options);
  if (*store_find) return kiosk::app::run_store_find(options, find_id_number, find_reason);
  if (*verify) return kiosk::app::run_archive_verify(options, bag, verify_key);
  if (*archive_status) return kiosk::app::run_archive_status(options);
  if (*archive_flush) return kiosk::app::run_archive_flush(options, flush_seconds);
  if (*doctor) return kiosk::app::run_doctor_command(options, doctor_checks);
  if (*config_check) return kiosk::app::run_config_check(options, config_file);
  if (*staff_hash_pin) return kiosk::app::run_staff_hash_pin(options);
  if (*staff_check) return kiosk::app::run_staff_check(options, staff_file);
  if (*idcard_decode) return kiosk::app::run_idcard_decode(options, frame_file, photo_file);
  if (*idcard_read) return kiosk::app::run_idcard_read(options, wait_seconds, photo_file);
  if (*printer_status) return kiosk::app::run_printer_status(options);
  if (*sigpad_sign) return kiosk::app::run_sigpad_sign(options, sign_seconds, signature_png, signature_json);
  if (*sigpad_descriptor) return kiosk::app::run_sigpad_descriptor(options, descriptor_file);
  if (*print_test) return kiosk::app::run_print_test(options);
  for (CLI::App* command : print_documents) {
    if (*command) {
      print_document.which = command->get_name();
      return kiosk::app::run_print_document(options, print_document);
    }
  }

  return run_kiosk_ui(options, windowed);
}
