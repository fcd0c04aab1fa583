#include "kiosk/documents/templates.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace kiosk::documents {
namespace {

Expected<std::string> field(const toml::table& table, std::string_view path, std::string_view source) {
  const toml::node_view<const toml::node> node = table.at_path(path);
  if (!node)
    return Error(std::string(source) + ": " + std::string(path) + " is missing — add it (see the shipped file)");
  const auto text = node.value_exact<std::string>();
  if (!text) return Error(std::string(source) + ": " + std::string(path) + " must be text in quotes");
  if (text->empty()) return Error(std::string(source) + ": " + std::string(path) + " is empty");
  return *text;
}

}  // namespace

Expected<Templates> parse_templates(std::string_view text, std::string_view source_name) {
  toml::table table;
  try {
    table = toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    return Error(std::string(source_name) + " (line " + std::to_string(error.source().begin.line) +
                 "): " + std::string(error.description()) + " — fix the TOML syntax there");
  }
  Templates templates;
  templates.phone = TRY(field(table, "phone", source_name));
  templates.address = TRY(field(table, "address", source_name));
  templates.receipt.title = TRY(field(table, "receipt.title", source_name));
  templates.receipt.subtitle = TRY(field(table, "receipt.subtitle", source_name));
  templates.receipt.footer = TRY(field(table, "receipt.footer", source_name));
  templates.acceptance.title = TRY(field(table, "acceptance.title", source_name));
  templates.acceptance.body = TRY(field(table, "acceptance.body", source_name));
  templates.non_acceptance.title = TRY(field(table, "non_acceptance.title", source_name));
  templates.non_acceptance.rights = TRY(field(table, "non_acceptance.rights", source_name));
  templates.supplement.title = TRY(field(table, "supplement.title", source_name));
  templates.supplement.body = TRY(field(table, "supplement.body", source_name));
  templates.proof.title = TRY(field(table, "proof.title", source_name));
  templates.proof.place = TRY(field(table, "proof.place", source_name));
  return templates;
}

Expected<Templates> load_templates(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error("cannot read the document templates " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_templates(text.str(), file.filename().string());
}

}  // namespace kiosk::documents
