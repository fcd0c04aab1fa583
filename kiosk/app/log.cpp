#include "kiosk/app/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace kiosk::app::log {
namespace {

std::atomic<int> threshold{static_cast<int>(Level::info)};

bool digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

void set_level(std::string_view level) {
  const Level chosen = level == "debug"     ? Level::debug
                       : level == "warning" ? Level::warning
                       : level == "error"   ? Level::error
                                            : Level::info;
  threshold = static_cast<int>(chosen);
}

std::string mask_personal(std::string_view text) {
  std::string masked(text);
  std::size_t i = 0;
  while (i + 18 <= masked.size()) {
    // 17 digits and a check character, not inside a longer run of digits.
    bool id = (i == 0 || !digit(masked[i - 1]));
    for (std::size_t k = 0; id && k < 17; ++k) id = digit(masked[i + k]);
    const char check = masked[i + 17];
    id = id && (digit(check) || check == 'X' || check == 'x');
    id = id && (i + 18 == masked.size() || !digit(masked[i + 18]));
    if (id) {
      for (std::size_t k = 4; k < 14; ++k) masked[i + k] = '*';
      i += 18;
    } else {
      ++i;
    }
  }
  return masked;
}

std::string format_line(Level level, std::string_view message, bool journal) {
  std::string line = journal ? "<" + std::to_string(static_cast<int>(level)) + ">" : std::string();
  line += "kiosk: ";
  line += mask_personal(message);
  line += '\n';
  return line;
}

void write(Level level, std::string_view message) {
  if (static_cast<int>(level) > threshold.load()) return;
  // systemd sets JOURNAL_STREAM when stderr goes to the journal.
  static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  const std::string line = format_line(level, message, journal);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace kiosk::app::log
