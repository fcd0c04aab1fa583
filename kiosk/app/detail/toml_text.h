// The kiosk's TOML files (configuration, staff roster, material catalog): read whole, parsed, and every failure an
// Error that names the file, the line and what to do. Private to kiosk/app.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::app::detail {

// `what` names the file's kind in messages ("staff roster"); `source_name` is usually its path.
inline Expected<toml::table> parse_toml(std::string_view text, std::string_view what, std::string_view source_name,
                                        std::string_view remedy = {}) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    return Error(std::string(what) + " " + std::string(source_name) + " (line " +
                 std::to_string(error.source().begin.line) + "): " + std::string(error.description()) +
                 std::string(remedy));
  }
}

// The whole file; the error names it with `remedy` (what to do when it cannot be read).
inline Expected<std::string> read_text(const std::filesystem::path& path, std::string_view what,
                                       std::string_view remedy) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error(std::string(what) + " " + path.string() + ": cannot read it — " + std::string(remedy));
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace kiosk::app::detail
