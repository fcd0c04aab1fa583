// The CLI subcommands (ARCHITECTURE.md, "Command-line contract"). Each returns the process exit code and prints
// one line that says what to do on failure.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/config.h"

namespace kiosk::app {

struct GlobalOptions {
  std::optional<std::filesystem::path> config_path;
  std::optional<std::filesystem::path> data_dir;
  bool simulate = false;
  bool json = false;
};

// The configuration in force: --config, else /etc/counter-kiosk/kiosk.toml when present, else the defaults;
// then --data and --simulate on top.
Expected<Config> resolve_config(const GlobalOptions& options);

int run_demo_command(const GlobalOptions& options, const std::filesystem::path& out_dir, int seconds);
int run_store_check(const GlobalOptions& options);
// `kiosk store find --id-number N --reason WHY`: the cases of a party or agent, masked; the look-up is audited.
int run_store_find(const GlobalOptions& options, const std::string& id_number, const std::string& reason);
struct RecordOptions;
int run_record_command(const GlobalOptions& options, RecordOptions record);
int run_archive_verify(const GlobalOptions& options, const std::filesystem::path& bag,
                       const std::filesystem::path& key_file);
// `kiosk archive status`: exits 1 when a case is past its legal deadline unarchived.
int run_archive_status(const GlobalOptions& options);
// `kiosk archive flush`: exits 0 once every queued case file is verified in the archive.
int run_archive_flush(const GlobalOptions& options, int timeout_seconds);
int run_config_check(const GlobalOptions& options, const std::filesystem::path& file);
// `kiosk staff hash-pin`: reads a PIN from standard input (not echoed on a terminal) and prints the line to put
// in the staff roster; `kiosk staff check FILE` validates a roster.
int run_staff_hash_pin(const GlobalOptions& options);
int run_staff_check(const GlobalOptions& options, const std::filesystem::path& file);
int run_idcard_decode(const GlobalOptions& options, const std::filesystem::path& file,
                      const std::filesystem::path& photo_file);
int run_idcard_read(const GlobalOptions& options, int wait_seconds, const std::filesystem::path& photo_file);
int run_printer_status(const GlobalOptions& options);
// `kiosk sigpad sign`: a test signature on the configured pad (the simulator signs with --simulate).
int run_sigpad_sign(const GlobalOptions& options, int wait_seconds, const std::filesystem::path& png_file,
                    const std::filesystem::path& json_file);
// `kiosk sigpad descriptor FILE`: what a pad's HID report descriptor (/sys/…/report_descriptor) says of its pen.
int run_sigpad_descriptor(const GlobalOptions& options, const std::filesystem::path& file);
int run_print_test(const GlobalOptions& options);
// `kiosk doctor`: a line per check, with a remedy for each one not ok; exits 1 when any failed.
int run_doctor_command(const GlobalOptions& options, const std::vector<std::string>& only);
struct PrintDocumentOptions {
  std::string which;  // receipt, notice or proof
  std::string case_number;
  std::filesystem::path escpos_file;  // either file given: written instead of printed
  std::filesystem::path png_file;
  std::filesystem::path pdf_file;  // A4 for notices and the proof, receipt-size for the receipt
  std::string reason;              // why: the export or the print is an audit event with who and why
};
int run_print_document(const GlobalOptions& options, const PrintDocumentOptions& print);

// Who runs a command, as the audit log names them: "cli:" and the Unix user.
std::string cli_actor();

// Prints "kiosk: <message>" to stderr (or {"ok":false,"error":…} with --json) and returns 1.
int fail(const GlobalOptions& options, const Error& error);

}  // namespace kiosk::app
