// Bag manifests come from case files that may have travelled: no path that leaves the bag may come out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/archive/detail/bag_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto lines = kiosk::archive::detail::parse_manifest(text, "manifest-sha256.txt");
  if (!lines) return 0;
  for (const auto& line : *lines) {
    if (line.sha256.size() != 64 || line.path.empty() || line.path.front() == '/') __builtin_trap();
    if (line.path == ".." || line.path.starts_with("../") || line.path.find("/../") != std::string::npos ||
        line.path.ends_with("/..")) {
      __builtin_trap();
    }
  }
  return 0;
}
