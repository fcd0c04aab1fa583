// The TOML configuration: any bytes give a Config or an Error, never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/app/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = kiosk::app::parse_config(text, "fuzz.toml");
  if (!config && config.error().message().empty()) __builtin_trap();
  return 0;
}
