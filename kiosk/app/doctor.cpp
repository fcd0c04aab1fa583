// The terminal's own lines of `kiosk doctor`: configuration, data folder, disk, clock, key, staff roster,
// database, archive queue and archive. The devices' lines are in doctor_devices.cpp.
#include "kiosk/app/doctor.h"

#include <algorithm>
#include <fstream>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <unistd.h>

#include "kiosk/app/archive_queue.h"
#include "kiosk/app/demo.h"
#include "kiosk/app/detail/doctor_lines.h"
#include "kiosk/app/staff_roster.h"
#include "kiosk/app/store_access.h"
#include "kiosk/crypto/terminal_key.h"
#include "kiosk/media/clock.h"
#include "kiosk/store/store.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

std::string mebibytes(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// The folder itself, or the nearest folder above it that exists (before the first start).
fs::path existing_ancestor(fs::path path) {
  std::error_code error;
  while (!path.empty() && !fs::exists(path, error) && path != path.root_path()) path = path.parent_path();
  return path;
}

DoctorLine data_line(const Config& config) {
  std::error_code error;
  if (!fs::exists(config.data_dir, error)) {
    return {"data", Verdict::warn, config.data_dir.string() + " is not there yet",
            "the kiosk makes it at its first start (the package's unit: StateDirectory=counter-kiosk)"};
  }
  const fs::path probe = config.data_dir / ".doctor-probe";
  { std::ofstream(probe) << "counter-kiosk\n"; }
  const bool written = fs::file_size(probe, error) > 0 && !error;
  fs::remove(probe, error);
  if (!written) {
    return {"data", Verdict::fail, "cannot write to " + config.data_dir.string(),
            "give the folder to the service user: chown -R counter-kiosk: " + config.data_dir.string()};
  }
  return {"data", Verdict::ok, config.data_dir.string() + " (writable)", ""};
}

DoctorLine disk_line(const Config& config) {
  const fs::path folder = existing_ancestor(config.data_dir);
  struct statvfs info {};
  if (::statvfs(folder.c_str(), &info) != 0) {
    return {"disk", Verdict::fail, "cannot read the free space of " + folder.string(), "check the storage is mounted"};
  }
  const std::uint64_t free = static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
  const std::string detail =
      mebibytes(free) + " free in " + folder.string() + ", reserve " + mebibytes(config.reserve_bytes);
  if (free < config.reserve_bytes) {
    return {"disk", Verdict::fail, detail + ": a new intake is refused",
            "ship the queue (kiosk archive flush) so archived recordings are released, or give the storage more "
            "space"};
  }
  if (free < 2 * config.reserve_bytes) {
    return {"disk", Verdict::warn, detail, "less than twice the reserve: check the archive queue is moving"};
  }
  return {"disk", Verdict::ok, detail, ""};
}

// Unsynchronized is a warning: durations and the order of events are kept on the monotonic clock and the audit
// chain whatever the wall clock says; but dates printed on documents come from it. A clock behind the
// database's last write went backwards: that fails.
DoctorLine clock_line(const Config& config) {
  media::SystemClock clock;
  const Instant now = clock.now();
  const std::string label = format_rfc3339(now);
  std::error_code error;
  const fs::path database = config.database_path();
  if (fs::exists(database, error)) {
    const auto written = fs::last_write_time(database, error);
    const auto written_unix = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::file_clock::to_sys(written).time_since_epoch());
    if (!error && now.unix_ms + 60'000 < written_unix.count()) {
      return {"clock", Verdict::fail, label + " is before the database's last write",
              "the clock went backwards (a flat RTC battery?): set it (timedatectl set-time, or NTP) before "
              "intakes resume"};
    }
  }
  if (now.unix_ms < 1'704'067'200'000) {  // 2024-01-01: no terminal was ever set up before that
    return {"clock", Verdict::fail, label + " is not a plausible date",
            "set the clock (timedatectl set-ntp true, or set-time) — documents carry this date"};
  }
  struct timex state {};
  const int result = ::adjtimex(&state);  // modes 0: read only
  if (result == TIME_ERROR || (state.status & STA_UNSYNC) != 0) {
    return {"clock", Verdict::warn, label + ", not synchronized",
            "enable time synchronization with the bureau's time server (timedatectl set-ntp true, or chrony)"};
  }
  return {"clock", Verdict::ok, label + ", synchronized", ""};
}

DoctorLine key_line(const Config& config) {
  const fs::path path = config.terminal_key_path();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return {"terminal key", Verdict::warn, "none yet at " + path.string(), "the kiosk makes it at its first start"};
  }
  if ((info.st_mode & 077) != 0) {
    return {"terminal key", Verdict::fail, path.string() + " can be read by others",
            "chmod 600 " + path.string() + " — and consider the key exposed: tell the archive's keeper"};
  }
  if (info.st_uid != ::geteuid() && ::geteuid() != 0) {
    return {"terminal key", Verdict::fail, path.string() + " belongs to another user",
            "run the doctor as the service user (sudo -u counter-kiosk kiosk doctor), or chown counter-kiosk"};
  }
  auto key = crypto::TerminalKey::load_or_create(path);
  if (!key) return line_of("terminal key", Verdict::fail, key.error().message());
  fs::path public_path = path;
  public_path += ".pub";
  auto public_key = crypto::TerminalKey::load_public(public_path);
  if (!public_key || public_key->fingerprint() != key->fingerprint()) {
    return {"terminal key", Verdict::fail, public_path.string() + " is missing or is another key's",
            "write it again from the private key: openssl pkey -in " + path.string() + " -pubout -out " +
                public_path.string()};
  }
  return {"terminal key", Verdict::ok, "Ed25519, fingerprint " + key->fingerprint().substr(0, 16) + "…, 0600", ""};
}

DoctorLine staff_line(const Config& config) {
  const fs::path path = staff_roster_path(config);
  std::error_code error;
  if (!fs::exists(path, error)) {
    return {"staff", Verdict::fail, "no staff roster at " + path.string() + ": nobody can sign in",
            "write one (PIN hashes from kiosk staff hash-pin; see assets/demo/staff.toml) or set ui.staff_file"};
  }
  auto roster = StaffRoster::load(path);
  if (!roster) return line_of("staff", Verdict::fail, roster.error().message());
  int counts[3] = {0, 0, 0};
  for (const StaffAccount& account : roster->accounts()) ++counts[static_cast<int>(account.role)];
  const std::string detail = std::to_string(roster->accounts().size()) + " staff (" + std::to_string(counts[0]) +
                             " intake, " + std::to_string(counts[1]) + " supervisor, " + std::to_string(counts[2]) +
                             " technician) in " + path.string();
  if (counts[2] == 0) {
    return {"staff", Verdict::warn, detail, "add a technician, or nobody can open the settings on the counter"};
  }
  struct stat info {};
  const bool demo = path == assets_dir() / "demo" / "staff.toml";
  if (!demo && ::stat(path.c_str(), &info) == 0 && (info.st_mode & 004) != 0) {
    return {"staff", Verdict::warn, detail + "; readable by everyone", "chmod 640 " + path.string()};
  }
  return {"staff", Verdict::ok, detail, ""};
}

void database_lines(const Config& config, std::vector<DoctorLine>& lines) {
  const fs::path path = config.database_path();
  std::error_code error;
  if (!fs::exists(path, error)) {
    lines.push_back(
        {"database", Verdict::warn, "none yet at " + path.string(), "the kiosk makes it at its first start"});
    return;
  }
  auto store = open_store(config);
  if (!store) {
    lines.push_back(line_of("database", Verdict::fail, store.error().message()));
    return;
  }
  if (auto integrity = store->check_integrity(); !integrity) {
    lines.push_back(line_of("database", Verdict::fail, integrity.error().message()));
    return;
  }
  auto chain = store->audit().verify();
  if (!chain) {
    lines.push_back({"database", Verdict::fail, "the audit chain does not verify: " + chain.error().message(),
                     "keep the terminal as it is and call the supervisor: records may have been altered"});
    return;
  }
  lines.push_back(
      {"database", Verdict::ok, "integrity ok, audit chain of " + std::to_string(chain->rows) + " rows verified", ""});

  media::SystemClock clock;
  auto entries = archive_status(*store, config, clock.now());
  if (!entries) {
    lines.push_back(line_of("archive queue", Verdict::fail, entries.error().message()));
    return;
  }
  int waiting = 0;
  int warned = 0;
  int overdue = 0;
  for (const ArchiveEntry& entry : *entries) {
    if (entry.state == "verified") continue;
    ++waiting;
    warned += entry.level == DeadlineLevel::warning ? 1 : 0;
    overdue += entry.level == DeadlineLevel::overdue ? 1 : 0;
  }
  const std::string detail = std::to_string(entries->size()) +
                             (entries->size() == 1 ? " case file, " : " case files, ") + std::to_string(waiting) +
                             " not yet verified in the archive";
  if (overdue > 0) {
    lines.push_back({"archive queue", Verdict::fail,
                     detail + ", " + std::to_string(overdue) + " past the legal deadline",
                     "kiosk archive status shows why; mend the archive line below, then kiosk archive flush"});
  } else if (warned > 0) {
    lines.push_back({"archive queue", Verdict::warn, detail + ", " + std::to_string(warned) + " near the deadline",
                     "kiosk archive status shows why; kiosk archive flush ships them now"});
  } else {
    lines.push_back({"archive queue", Verdict::ok, detail, ""});
  }
}

DoctorLine archive_line(const Config& config) {
  if (config.archive.sink == "none") {
    return {"archive", Verdict::warn, "archive.sink is \"none\": case files stay on this terminal",
            "the law wants them archived within 30 days: set [archive] to the bureau's share or S3 store"};
  }
  auto sink = make_sink(config);
  if (!sink) return line_of("archive", Verdict::fail, sink.error().message());
  if (auto reached = (*sink)->check_reachable(); !reached) {
    return line_of("archive", Verdict::fail, reached.error().message());
  }
  return {"archive", Verdict::ok, (*sink)->describe() + " answers and takes this terminal's files", ""};
}

}  // namespace

DoctorLine line_of(std::string check, Verdict verdict, const std::string& message) {
  // "camera: …" on the camera's line says "camera" twice.
  const std::string own = check + ": ";
  const std::string text = message.rfind(own, 0) == 0 ? message.substr(own.size()) : message;
  const std::string dash = " — ";
  const auto at = text.find(dash);
  if (at == std::string::npos) return {std::move(check), verdict, text, ""};
  return {std::move(check), verdict, text.substr(0, at), text.substr(at + dash.size())};
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok: return "ok";
    case Verdict::warn: return "warn";
    case Verdict::fail: return "FAIL";
  }
  return "FAIL";
}

bool DoctorOptions::wants(const std::string& check) const {
  return only.empty() || std::find(only.begin(), only.end(), check) != only.end();
}

bool any_failed(const std::vector<DoctorLine>& lines) {
  return std::any_of(lines.begin(), lines.end(), [](const DoctorLine& line) { return line.verdict == Verdict::fail; });
}

std::vector<DoctorLine> run_doctor(const Config& config, const DoctorOptions& options) {
  std::vector<DoctorLine> lines;
  if (options.wants("config")) {
    lines.push_back(
        {"config", Verdict::ok,
         options.config_source + " (terminal " + config.terminal_id + (config.simulate ? ", simulated devices)" : ")"),
         ""});
  }
  for (DoctorLine& line : device_lines(config, options)) lines.push_back(std::move(line));
  if (options.wants("data")) lines.push_back(data_line(config));
  if (options.wants("disk")) lines.push_back(disk_line(config));
  if (options.wants("clock")) lines.push_back(clock_line(config));
  if (options.wants("terminal key")) lines.push_back(key_line(config));
  if (options.wants("staff")) lines.push_back(staff_line(config));
  if (options.wants("database") || options.wants("archive queue")) database_lines(config, lines);
  if (options.wants("archive")) lines.push_back(archive_line(config));
  return lines;
}

}  // namespace kiosk::app
