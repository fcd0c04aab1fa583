// The catalog of common materials per type of matter (assets/catalog/materials.toml), so that most materials are
// one tap and a copies / pages count on the intake screen.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/material.h"

namespace kiosk::app {

struct MatterType {
  std::string name;  // 事项类型, as the case records it
  std::vector<Material> materials;
};

struct MaterialCatalog {
  std::vector<MatterType> matters;
  const MatterType* find(std::string_view name) const;
};

Expected<MaterialCatalog> parse_catalog(std::string_view text, std::string_view source_name);
Expected<MaterialCatalog> load_catalog(const std::filesystem::path& path);

}  // namespace kiosk::app
