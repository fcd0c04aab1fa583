// Files that survive a power cut: written, fsynced, and made visible by an atomic rename.
#pragma once

#include <filesystem>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::archive::detail {

Expected<void> write_file_synced(const std::filesystem::path& path, std::string_view bytes);
Expected<void> copy_file_synced(const std::filesystem::path& from, const std::filesystem::path& to);
Expected<void> sync_directory(const std::filesystem::path& directory);
Expected<std::string> read_file(const std::filesystem::path& path);

}  // namespace kiosk::archive::detail
