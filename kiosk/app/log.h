// The kiosk's log: one line per event on stderr. Under systemd (JOURNAL_STREAM set) each line starts with its
// sd-daemon priority prefix ("<3>" error … "<7>" debug), so journald keeps the levels. No personal data: every
// line has resident ID numbers masked (2104**********1234) before it is written.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::app::log {

enum class Level { debug = 7, info = 6, warning = 4, error = 3 };

// From the config's log.level ("debug", "info", "warning", "error"); lines below it are not written.
void set_level(std::string_view level);
void write(Level level, std::string_view message);
inline void debug(std::string_view message) {
  write(Level::debug, message);
}
inline void info(std::string_view message) {
  write(Level::info, message);
}
inline void warning(std::string_view message) {
  write(Level::warning, message);
}
inline void error(std::string_view message) {
  write(Level::error, message);
}

// Every run of 17 digits and a check character (0-9 or X) — an 18-character resident ID number — with its middle
// ten characters starred.
std::string mask_personal(std::string_view text);
// The line as written: the prefix (under journald), "kiosk: " and the masked message.
std::string format_line(Level level, std::string_view message, bool journal);

}  // namespace kiosk::app::log
