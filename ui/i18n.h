// Every string the UI shows, in a table per language (assets/i18n/zh_CN.toml, en.toml): Chinese first, English
// second, switchable while running. A key missing from a language shows the Chinese text (never a blank), and
// missing_keys() lists them for the tests.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::ui {

class Translations {
 public:
  static Expected<Translations> load(const std::filesystem::path& folder);

  void use(const std::string& language);  // "zh_CN" or "en"
  const std::string& language() const { return language_; }
  const char* operator()(const std::string& key) const;
  // Keys of zh_CN that `language` lacks.
  std::vector<std::string> missing_keys(const std::string& language) const;
  // Every string of every language, for the font's glyph ranges.
  std::string all_text() const;

 private:
  std::map<std::string, std::map<std::string, std::string>> tables_;
  std::string language_ = "zh_CN";
};

}  // namespace kiosk::ui
