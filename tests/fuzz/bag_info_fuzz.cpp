#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/archive/detail/bag_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto info = kiosk::archive::detail::parse_bag_info(text);
  for (const auto& [label, value] : info) {
    if (label.find('\n') != std::string::npos || value.find('\n') != std::string::npos) __builtin_trap();
  }
  return 0;
}
