// Parsers for the bag's tag files (outside bytes: fuzzed in tests/fuzz).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::archive::detail {

struct ManifestLine {
  std::string sha256;
  std::string path;  // decoded (%0A %0D %25), relative to the bag root
};

// "<64 hex>  <path>" per line (RFC 8493 §2.1.3). Refuses absolute paths and any ".." component.
Expected<std::vector<ManifestLine>> parse_manifest(std::string_view text, std::string_view name);

// "Label: value" lines; continuation lines (leading whitespace) are folded into the value.
std::map<std::string, std::string> parse_bag_info(std::string_view text);

}  // namespace kiosk::archive::detail
