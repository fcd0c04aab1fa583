// `kiosk doctor`: everything a technician must know works before the counter opens, one line each — the devices
// (present, permitted, answering: the printer's paper, the camera's frames and format, the microphone's level),
// the display and touch, free disk against the reserve, the clock, the terminal's key, the staff roster, the
// database and its audit chain, the archive queue and whether the archive answers. Each line that is not ok says
// what to do. Nothing recorded is changed: the checks read, or write a probe file and remove it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "kiosk/app/config.h"
#include "kiosk/app/display_access.h"

namespace kiosk::app {

enum class Verdict { ok, warn, fail };

// Every check, in the order the lines come.
inline const std::vector<std::string> kDoctorChecks = {
    "config", "camera", "microphone", "id card reader", "printer", "signature pad", "display",       "touch",
    "data",   "disk",   "clock",      "terminal key",   "staff",   "database",      "archive queue", "archive"};

struct DoctorLine {
  std::string check;  // "printer", "disk", …
  Verdict verdict = Verdict::ok;
  std::string detail;  // what was found
  std::string remedy;  // what to do, for warn and fail
};

struct DoctorOptions {
  std::string config_source;  // where the configuration came from, for its line
  // How long the camera and the microphone are listened to (the simulated microphone beeps once a second).
  std::chrono::milliseconds listen{1100};
  DisplayEnvironment display = DisplayEnvironment::of_process();
  // Only these checks ("printer", "camera", …, as the lines name them); empty: all of them.
  std::vector<std::string> only;

  bool wants(const std::string& check) const;
};

std::vector<DoctorLine> run_doctor(const Config& config, const DoctorOptions& options);

bool any_failed(const std::vector<DoctorLine>& lines);
const char* verdict_name(Verdict verdict);

// An error message "what — what to do" split at its dash into a line's detail and remedy.
DoctorLine line_of(std::string check, Verdict verdict, const std::string& message);

}  // namespace kiosk::app
