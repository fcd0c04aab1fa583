#include "kiosk/app/staff_roster.h"

#include "kiosk/app/config.h"
#include "kiosk/app/demo.h"
#include "kiosk/app/detail/toml_text.h"
#include "kiosk/crypto/pin.h"

namespace kiosk::app {

Expected<StaffRoster> StaffRoster::parse(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  const toml::table table = TRY(detail::parse_toml(text, "staff roster", source_name));
  const toml::array* entries = table["staff"].as_array();
  if (entries == nullptr || entries->empty()) {
    return Error("staff roster " + source + ": no [[staff]] entries — add one per person who signs in");
  }
  StaffRoster roster;
  for (const toml::node& node : *entries) {
    const toml::table* entry = node.as_table();
    const std::string line = " (line " + std::to_string(node.source().begin.line) + ")";
    if (entry == nullptr) return Error("staff roster " + source + line + ": each entry must be a [[staff]] table");
    const auto field = [&](const char* key) -> Expected<std::string> {
      const std::optional<std::string> value = (*entry)[key].value<std::string>();
      if (!value || value->empty()) return Error("staff roster " + source + line + ": " + key + " is missing");
      return *value;
    };
    StaffAccount account;
    account.staff.id = TRY(field("id"));
    account.staff.name = TRY(field("name"));
    account.staff.certificate_number = TRY(field("certificate_number"));
    const std::string role = TRY(field("role"));
    const auto parsed = enum_from_name<StaffRole>(role);
    if (!parsed) {
      return Error("staff roster " + source + line + ": role \"" + role +
                   "\" — must be intake, supervisor or technician");
    }
    account.role = *parsed;
    account.pin_hash = TRY(field("pin"));
    for (const StaffAccount& other : roster.accounts_) {
      if (other.staff.id == account.staff.id) {
        return Error("staff roster " + source + line + ": id " + account.staff.id + " appears twice");
      }
    }
    roster.accounts_.push_back(std::move(account));
  }
  return roster;
}

Expected<StaffRoster> StaffRoster::load(const std::filesystem::path& path) {
  const std::string text =
      TRY(detail::read_text(path, "staff roster", "set ui.staff_file, and add staff with `kiosk staff hash-pin`"));
  return parse(text, path.string());
}

Expected<StaffAccount> StaffRoster::sign_in(std::string_view id, std::string_view pin) const {
  for (const StaffAccount& account : accounts_) {
    if (account.staff.id != id) continue;
    if (TRY(crypto::verify_pin(pin, account.pin_hash))) return account;
    break;
  }
  return Error("staff id or PIN is wrong — try again");
}

}  // namespace kiosk::app

namespace kiosk::app {

std::filesystem::path staff_roster_path(const Config& config) {
  const std::filesystem::path roster = config.staff_file();
  if (config.simulate && config.ui.staff_file.empty() && !std::filesystem::exists(roster)) {
    return assets_dir() / "demo" / "staff.toml";  // the simulated kiosk's demo accounts
  }
  return roster;
}

}  // namespace kiosk::app
