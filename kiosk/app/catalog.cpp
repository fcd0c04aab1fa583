#include "kiosk/app/catalog.h"

#include "kiosk/app/detail/toml_text.h"

namespace kiosk::app {

const MatterType* MaterialCatalog::find(std::string_view name) const {
  for (const MatterType& matter : matters) {
    if (matter.name == name) return &matter;
  }
  return nullptr;
}

Expected<MaterialCatalog> parse_catalog(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  const toml::table table = TRY(detail::parse_toml(text, "material catalog", source_name));
  const toml::array* matters = table["matter"].as_array();
  if (matters == nullptr || matters->empty())
    return Error("material catalog " + source +
                 ": no [[matter]] entries — restore assets/catalog/materials.toml from the package");
  MaterialCatalog catalog;
  for (const toml::node& node : *matters) {
    const std::string where = "material catalog " + source + " (line " + std::to_string(node.source().begin.line) + ")";
    const toml::table* entry = node.as_table();
    if (entry == nullptr) return Error(where + ": each entry must be a [[matter]] table");
    MatterType matter;
    matter.name = (*entry)["name"].value_or(std::string());
    if (matter.name.empty()) return Error(where + ": name is missing");
    const toml::array* materials = (*entry)["materials"].as_array();
    if (materials == nullptr) return Error(where + ": materials must be a list");
    for (const toml::node& item : *materials) {
      const toml::table* fields = item.as_table();
      if (fields == nullptr) return Error(where + ": each material must be { name = …, form = …, pages = … }");
      Material material;
      material.name = (*fields)["name"].value_or(std::string());
      const std::string form = (*fields)["form"].value_or(std::string("original"));
      material.form = form == "copy" ? MaterialForm::copy : MaterialForm::original;
      material.pages = static_cast<int>((*fields)["pages"].value_or(std::int64_t{1}));
      material.copies = static_cast<int>((*fields)["copies"].value_or(std::int64_t{1}));
      material.note = (*fields)["note"].value_or(std::string());
      if (form != "copy" && form != "original") return Error(where + ": form must be \"original\" or \"copy\"");
      if (auto valid = validate(material); !valid) return Error(where + ": " + valid.error().message());
      matter.materials.push_back(std::move(material));
    }
    catalog.matters.push_back(std::move(matter));
  }
  return catalog;
}

Expected<MaterialCatalog> load_catalog(const std::filesystem::path& path) {
  const std::string text = TRY(detail::read_text(path, "material catalog", "set KIOSK_ASSETS_DIR to assets/"));
  return parse_catalog(text, path.string());
}

}  // namespace kiosk::app
