#include "kiosk/app/commands.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <pwd.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

#include "kiosk/app/archive_queue.h"
#include "kiosk/app/demo.h"
#include "kiosk/app/log.h"
#include "kiosk/app/record.h"
#include "kiosk/app/staff_roster.h"
#include "kiosk/app/store_access.h"
#include "kiosk/archive/archive.h"
#include "kiosk/crypto/pin.h"
#include "kiosk/crypto/terminal_key.h"
#include "kiosk/store/store.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

void print_json(const ordered_json& json) {
  std::cout << json.dump(2) << "\n";
}

}  // namespace

std::string cli_actor() {
  const passwd* entry = ::getpwuid(::geteuid());
  return "cli:" + (entry != nullptr ? std::string(entry->pw_name) : "uid " + std::to_string(::geteuid()));
}

int fail(const GlobalOptions& options, const Error& error) {
  if (options.json) {
    print_json({{"ok", false}, {"error", error.message()}});
  } else {
    log::error(error.message());
  }
  return 1;
}

Expected<Config> resolve_config(const GlobalOptions& options) {
  Config config;
  if (options.config_path) {
    config = TRY(load_config(*options.config_path));
  } else if (fs::exists(kDefaultConfigPath)) {
    config = TRY(load_config(kDefaultConfigPath));
  }
  if (options.data_dir) config.data_dir = fs::absolute(*options.data_dir);
  if (options.simulate) config.simulate = true;
  return config;
}

int run_demo_command(const GlobalOptions& options, const fs::path& out_dir, int seconds) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto result = run_demo(*config, DemoOptions{out_dir, seconds, {}});
  if (!result) return fail(options, result.error().within("demo"));
  if (options.json) {
    print_json({{"ok", true},
                {"case_number", result->case_number},
                {"case_file", result->case_file.string()},
                {"database", result->database.string()},
                {"seal_sha256", result->seal_sha256},
                {"media_segments", result->media_segments},
                {"video_frames", result->video_frames},
                {"archived_to", result->archived_to}});
  } else {
    std::cout << "case " << result->case_number << " sealed, recorded in " << result->media_segments << " segment(s), "
              << result->video_frames << " frames\n"
              << "case file: " << result->case_file.string() << "\n"
              << "archived:  " << result->archived_to << "\n"
              << "database:  " << result->database.string() << "\n";
  }
  return 0;
}

int run_record_command(const GlobalOptions& options, RecordOptions record) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  record.simulate = record.simulate || config->simulate;
  record.camera = config->camera;
  record.microphone = config->microphone;
  record.terminal_id = config->terminal_id;
  record.settings = config->recording;
  auto summary = run_record(record);
  if (!summary) return fail(options, summary.error().within("record"));
  ordered_json files = ordered_json::array();
  for (const media::ClosedSegment& segment : summary->segments) {
    files.push_back({{"sequence", segment.sequence},
                     {"file", segment.path.string()},
                     {"bytes", segment.bytes},
                     {"sha256", segment.sha256},
                     {"start_s", static_cast<double>(segment.start_ns) / 1e9},
                     {"end_s", static_cast<double>(segment.end_ns) / 1e9},
                     {"video_frames", segment.video_frames}});
  }
  ordered_json gaps = ordered_json::array();
  for (const media::SourceEvent& event : summary->source_events) {
    gaps.push_back({{"source", event.source == media::Source::camera ? "camera" : "microphone"},
                    {"event", event.restored ? "restored" : "lost"},
                    {"at_s", static_cast<double>(event.at_ns - summary->origin_ns) / 1e9},
                    {"gap_s", static_cast<double>(event.gap_ns) / 1e9},
                    {"detail", event.detail}});
  }
  const bool complete = summary->writing_error.empty();
  if (options.json) {
    print_json({{"ok", complete},
                {"error", summary->writing_error},
                {"segments", files},
                {"source_events", gaps},
                {"video_frames", summary->video_frames},
                {"audio_samples", summary->audio_samples},
                {"dropped_frames", summary->dropped_frames},
                {"dropped_audio_blocks", summary->dropped_audio_blocks}});
  } else {
    for (const media::ClosedSegment& segment : summary->segments) {
      std::cout << segment.path.string() << "  " << segment.bytes << " bytes  " << segment.video_frames
                << " frames  sha256 " << segment.sha256.substr(0, 16) << "…\n";
    }
    for (const media::SourceEvent& event : summary->source_events) {
      char at[32];
      std::snprintf(at, sizeof at, "%.2f s", static_cast<double>(event.at_ns - summary->origin_ns) / 1e9);
      std::cout << (event.source == media::Source::camera ? "camera" : "microphone")
                << (event.restored ? " back at " : " lost at ") << at;
      if (event.restored) std::cout << " after a gap of " << event.gap_ns / 1'000'000 << " ms";
      std::cout << ": " << event.detail << "\n";
    }
    std::cout << summary->video_frames << " frames, " << summary->audio_samples << " audio samples, "
              << summary->dropped_frames << " frames dropped, " << summary->dropped_audio_blocks
              << " audio blocks dropped\n";
    if (!complete) std::cerr << "kiosk: record: " << summary->writing_error << "\n";
  }
  return complete ? 0 : 1;
}

int run_store_check(const GlobalOptions& options) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  const fs::path database = config->database_path();
  if (!fs::exists(database)) {
    return fail(options, Error("store check: no database at " + database.string() +
                               " — give the data directory with --data DIR"));
  }
  auto store = open_store(*config);
  if (!store) return fail(options, store.error().within("store check"));
  if (auto integrity = store->check_integrity(); !integrity)
    return fail(options, integrity.error().within("store check"));
  auto chain = store->audit().verify();
  if (!chain) return fail(options, chain.error().within("store check"));
  auto version = store->schema_version();
  if (!version) return fail(options, version.error());
  if (options.json) {
    print_json({{"ok", true},
                {"database", database.string()},
                {"schema_version", *version},
                {"integrity", "ok"},
                {"audit_rows", chain->rows},
                {"audit_head", chain->head_hash}});
  } else {
    std::cout << "store ok: " << database.string() << " — integrity ok, schema " << *version << ", audit chain "
              << chain->rows << " rows verified (head " << chain->head_hash.substr(0, 16) << "…)\n";
  }
  return 0;
}

int run_archive_verify(const GlobalOptions& options, const fs::path& bag, const fs::path& key_file) {
  const auto failed = [&](const Error& error) { return fail(options, error.within("archive verify")); };
  fs::path public_key = key_file;
  if (public_key.empty()) {
    auto config = resolve_config(options);
    if (!config) return fail(options, config.error());
    public_key = config->terminal_key_path();
    public_key += ".pub";
    std::error_code error;
    if (!fs::exists(public_key, error)) {
      // Without the key the bag and its hashes can still be checked; the signature cannot.
      if (!fs::exists(bag, error)) return failed(Error("bag " + bag.string() + ": no such folder"));
      return failed(Error("no public key at " + public_key.string() +
                          " — give the sealing terminal's public key with --key FILE (keys/terminal.key.pub)"));
    }
  }
  auto key = crypto::TerminalKey::load_public(public_key);
  if (!key) return failed(key.error());
  auto report = archive::verify_case(bag, *key);
  if (!report) return failed(report.error());
  const std::string chain = report->previous_case.empty() ? "the terminal's first case"
                            : report->previous_checked    ? "linked to " + report->previous_case + " (checked)"
                                                          : "linked to " + report->previous_case + " (not at hand)";
  if (options.json) {
    print_json({{"ok", true},
                {"path", bag.string()},
                {"payload_files", report->bag.payload_files},
                {"payload_bytes", report->bag.payload_bytes},
                {"tagmanifest_sha256", report->bag.tagmanifest_sha256},
                {"key_sha256", report->key_fingerprint},
                {"previous_case", report->previous_case},
                {"previous_checked", report->previous_checked.value_or(false)}});
  } else {
    std::cout << "case file ok: " << bag.string() << " — " << report->bag.payload_files << " payload files, "
              << report->bag.payload_bytes << " bytes, every hash verified; signed by key "
              << report->key_fingerprint.substr(0, 16) << "…; " << chain << "\n";
  }
  return 0;
}

int run_config_check(const GlobalOptions& options, const fs::path& file) {
  auto config = load_config(file);
  if (!config) return fail(options, config.error());
  if (options.json) {
    print_json({{"ok", true}, {"terminal_id", config->terminal_id}, {"data_dir", config->data_dir.string()}});
  } else {
    std::cout << "config ok: " << file.string() << " (terminal " << config->terminal_id << ", data in "
              << config->data_dir.string() << ")\n";
  }
  return 0;
}

}  // namespace kiosk::app

namespace kiosk::app {
namespace {

const char* level_name(DeadlineLevel level) {
  switch (level) {
    case DeadlineLevel::ok: return "ok";
    case DeadlineLevel::warning: return "warning";
    case DeadlineLevel::overdue: return "overdue";
  }
  return "ok";
}

std::string day_of(std::int64_t unix_ms, int utc_offset_minutes) {
  return format_rfc3339(Instant{unix_ms, utc_offset_minutes}).substr(0, 10);
}

Expected<store::Store> open_existing_store(const Config& config) {
  if (!fs::exists(config.database_path())) {
    return Error("no database at " + config.database_path().string() + " — give the data folder with --data");
  }
  return open_store(config);
}

}  // namespace

int run_archive_status(const GlobalOptions& options) {
  const auto failed = [&](const Error& error) { return fail(options, error.within("archive status")); };
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto store = open_existing_store(*config);
  if (!store) return failed(store.error());
  media::SystemClock clock;
  const Instant now = clock.now();
  auto entries = archive_status(*store, *config, now);
  if (!entries) return failed(entries.error());
  bool overdue = false;
  ordered_json cases = ordered_json::array();
  for (const ArchiveEntry& entry : *entries) {
    overdue = overdue || entry.level == DeadlineLevel::overdue;
    cases.push_back({{"case_number", entry.case_number},
                     {"state", entry.state},
                     {"attempts", entry.attempts},
                     {"deadline", day_of(entry.deadline_unix_ms, now.utc_offset_minutes)},
                     {"deadline_level", level_name(entry.level)},
                     {"last_error", entry.last_error},
                     {"location", entry.location}});
  }
  if (options.json) {
    print_json({{"ok", !overdue}, {"sink", config->archive.sink}, {"cases", cases}});
  } else if (entries->empty()) {
    std::cout << "archive queue: empty (sink: " << config->archive.sink << ")\n";
  } else {
    std::cout << "case                       state      tries  deadline     \n";
    for (const ArchiveEntry& entry : *entries) {
      std::string note = entry.state == "verified" ? entry.location : entry.last_error;
      if (entry.level != DeadlineLevel::ok) note = std::string(level_name(entry.level)) + "! " + note;
      std::printf("%-26s %-10s %5d  %s  %s\n", entry.case_number.c_str(), entry.state.c_str(), entry.attempts,
                  day_of(entry.deadline_unix_ms, now.utc_offset_minutes).c_str(), note.c_str());
    }
  }
  return overdue ? 1 : 0;
}

int run_archive_flush(const GlobalOptions& options, int timeout_seconds) {
  const auto failed = [&](const Error& error) { return fail(options, error.within("archive flush")); };
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto sink = make_sink(*config);
  if (!sink) return failed(sink.error());
  if (!*sink) {
    return failed(Error("archive.sink is \"none\" in the config — set the archive (a directory share) to ship to"));
  }
  auto store = open_existing_store(*config);
  if (!store) return failed(store.error());
  media::SystemClock clock;
  ArchiveQueue queue(*store, *config, **sink, clock);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int verified = 0;
  while (true) {
    auto pass = queue.run_once();
    if (!pass) return failed(pass.error());
    verified += *pass;
    auto entries = archive_status(*store, *config, clock.now());
    if (!entries) return failed(entries.error());
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    const ArchiveEntry* waiting = nullptr;
    for (const ArchiveEntry& entry : *entries) {
      if (entry.state == "verified") continue;
      if (entry.next_attempt_unix_ms < next) {
        next = entry.next_attempt_unix_ms;
        waiting = &entry;
      }
    }
    if (waiting == nullptr) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      return failed(Error("case " + waiting->case_number + " is not archived yet after " +
                          std::to_string(timeout_seconds) + " s: " + waiting->last_error));
    }
    const auto wait = std::chrono::milliseconds(std::clamp<std::int64_t>(next - clock.now().unix_ms, 50, 5000));
    std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(wait, deadline - std::chrono::steady_clock::now()));
  }
  if (options.json) {
    print_json({{"ok", true}, {"verified", verified}, {"sink", (*sink)->describe()}});
  } else {
    std::cout << "archive: " << verified << " case file(s) shipped and verified; the queue is empty ("
              << (*sink)->describe() << ")\n";
  }
  return 0;
}

}  // namespace kiosk::app

namespace kiosk::app {

int run_staff_hash_pin(const GlobalOptions& options) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << "PIN (4 to 12 digits): " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string pin;
  std::getline(std::cin, pin);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (pin.size() < 4 || pin.size() > 12 || !digits) {
    return fail(options, Error("staff hash-pin: a PIN is 4 to 12 digits (the on-screen keypad has only digits)"));
  }
  auto hash = crypto::hash_pin(pin);
  if (!hash) return fail(options, hash.error());
  std::cout << "pin = \"" << *hash << "\"\n";
  return 0;
}

int run_staff_check(const GlobalOptions& options, const fs::path& file) {
  auto roster = StaffRoster::load(file);
  if (!roster) return fail(options, roster.error());
  for (const StaffAccount& account : roster->accounts()) {
    if (auto checked = crypto::verify_pin("", account.pin_hash); !checked) {
      return fail(options,
                  Error("staff roster " + file.string() + ": " + account.staff.id + ": " + checked.error().message()));
    }
    std::cout << account.staff.id << "  " << account.staff.name << "  " << name_of(account.role) << "\n";
  }
  std::cout << file.string() << ": " << roster->accounts().size() << " staff, every PIN hash well-formed\n";
  return 0;
}

}  // namespace kiosk::app
