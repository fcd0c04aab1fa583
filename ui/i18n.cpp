#include "ui/i18n.h"

#include <toml++/toml.h>

namespace kiosk::ui {
namespace {

// "[intake] start = …" becomes "intake.start".
void flatten(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* inner = node.as_table()) {
      flatten(*inner, name, out);
    } else if (const auto* text = node.as_string()) {
      out[name] = text->get();
    }
  }
}

}  // namespace

Expected<Translations> Translations::load(const std::filesystem::path& folder) {
  Translations translations;
  for (const char* language : {"zh_CN", "en"}) {
    const std::filesystem::path file = folder / (std::string(language) + ".toml");
    try {
      const toml::table table = toml::parse_file(file.string());
      flatten(table, "", translations.tables_[language]);
    } catch (const toml::parse_error& error) {
      return Error("UI strings " + file.string() + " (line " + std::to_string(error.source().begin.line) +
                   "): " + std::string(error.description()));
    }
  }
  if (translations.tables_["zh_CN"].empty()) return Error("UI strings: " + folder.string() + "/zh_CN.toml is empty");
  return translations;
}

void Translations::use(const std::string& language) {
  if (tables_.contains(language)) language_ = language;
}

const char* Translations::operator()(const std::string& key) const {
  for (const std::string& language : {language_, std::string("zh_CN")}) {
    const auto table = tables_.find(language);
    if (table == tables_.end()) continue;
    const auto found = table->second.find(key);
    if (found != table->second.end()) return found->second.c_str();
  }
  return key.c_str();  // a programming error the tests catch: the key shows, never a blank
}

std::vector<std::string> Translations::missing_keys(const std::string& language) const {
  std::vector<std::string> missing;
  const auto& chinese = tables_.at("zh_CN");
  const auto other = tables_.find(language);
  for (const auto& [key, text] : chinese) {
    if (other == tables_.end() || !other->second.contains(key)) missing.push_back(key);
  }
  return missing;
}

std::string Translations::all_text() const {
  std::string text;
  for (const auto& [language, table] : tables_) {
    for (const auto& [key, value] : table) text += value;
  }
  return text;
}

}  // namespace kiosk::ui
