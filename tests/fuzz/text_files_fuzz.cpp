// The text files a technician deploys beside the configuration: the document templates, the material catalog and
// the staff roster. Any bytes give the file's contents or an Error that says something, never a crash or an
// exception. The first byte picks the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/app/catalog.h"
#include "kiosk/app/staff_roster.h"
#include "kiosk/documents/templates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0:
      if (auto templates = kiosk::documents::parse_templates(text, "fuzz.toml");
          !templates && templates.error().message().empty()) {
        __builtin_trap();
      }
      break;
    case 1:
      if (auto catalog = kiosk::app::parse_catalog(text, "fuzz.toml"); !catalog && catalog.error().message().empty()) {
        __builtin_trap();
      }
      break;
    default:
      if (auto roster = kiosk::app::StaffRoster::parse(text, "fuzz.toml");
          !roster && roster.error().message().empty()) {
        __builtin_trap();
      }
      break;
  }
  return 0;
}
