// The staff who may sign in at this terminal: a TOML roster (ui.staff_file), one [[staff]] per person with their
// role and PIN hash (kiosk/crypto/pin.h). Intake staff run intakes; a supervisor also reviews cases; a technician
// opens the settings and may close the kiosk.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/enum_names.h"
#include "kiosk/core/error.h"
#include "kiosk/core/staff.h"

namespace kiosk::app {

struct Config;

enum class StaffRole { intake, supervisor, technician };

struct StaffAccount {
  Staff staff;
  StaffRole role = StaffRole::intake;
  std::string pin_hash;
};

class StaffRoster {
 public:
  static Expected<StaffRoster> parse(std::string_view text, std::string_view source_name);
  static Expected<StaffRoster> load(const std::filesystem::path& path);

  // The account, when the id is known and the PIN is right; the error says which of the two is wrong only as
  // "id or PIN" (no hint for guessing).
  Expected<StaffAccount> sign_in(std::string_view id, std::string_view pin) const;
  const std::vector<StaffAccount>& accounts() const { return accounts_; }

 private:
  std::vector<StaffAccount> accounts_;
};

// The roster in force: ui.staff_file, else <data>/staff.toml; a simulated kiosk without either gets the demo
// accounts of assets/demo/staff.toml.
std::filesystem::path staff_roster_path(const Config& config);

}  // namespace kiosk::app

namespace kiosk {
template <>
struct EnumNames<app::StaffRole> {
  static constexpr std::array entries{std::pair{app::StaffRole::intake, std::string_view{"intake"}},
                                      std::pair{app::StaffRole::supervisor, std::string_view{"supervisor"}},
                                      std::pair{app::StaffRole::technician, std::string_view{"technician"}}};
};
}  // namespace kiosk
