// `kiosk store find --id-number N --reason WHY`: which cases a person is party or agent to, found through the keyed
// hash (the database holds no ID number in clear). Each look-up is an audit event with who asked and why, and what
// it prints is masked: the number as 2104**********1234, the name to its first character.
#include <nlohmann/json.hpp>

#include <iostream>

#include "kiosk/app/commands.h"
#include "kiosk/app/store_access.h"
#include "kiosk/core/intake.h"
#include "kiosk/media/clock.h"

namespace kiosk::app {
int run_store_find(const GlobalOptions& options, const std::string& typed_id_number, const std::string& reason) {
  const std::string id_number = normalize_id_number(typed_id_number);
  const auto failed = [&](const Error& error) { return fail(options, error.within("store find")); };
  if (reason.empty()) return failed(Error("say why with --reason (the look-up is recorded in the audit log)"));
  auto config = resolve_config(options);
  if (!config) return failed(config.error());
  if (!std::filesystem::exists(config->database_path())) {
    return failed(Error("no database at " + config->database_path().string() + " — give the data folder with --data"));
  }
  auto store = open_store(*config);
  if (!store) return failed(store.error());
  auto numbers = store->cases().with_id_number(id_number);
  if (!numbers) return failed(numbers.error());
  media::SystemClock clock;
  const AuditEvent looked_up{
      "",
      "party.looked_up",
      cli_actor(),
      clock.now(),
      {{"id_number", mask_id_number(id_number)}, {"reason", reason}, {"cases", std::to_string(numbers->size())}}};
  if (auto appended = store->audit().append(looked_up); !appended) return failed(appended.error());

  nlohmann::json cases = nlohmann::json::array();
  for (const std::string& number : *numbers) {
    auto found = store->cases().find(number);
    if (!found) return failed(found.error());
    const Case& record = **found;
    const bool as_agent = normalize_id_number(record.party->id_number) != id_number;
    cases.push_back({{"case", number},
                     {"state", std::string(name_of(record.state))},
                     {"opened", format_rfc3339(record.opened_at)},
                     {"role", as_agent ? "agent" : "party"},
                     {"name", mask_name(as_agent ? record.party->agent->name : record.party->name)}});
  }
  if (options.json) {
    std::cout << nlohmann::json{{"ok", true}, {"id_number", mask_id_number(id_number)}, {"cases", cases}}.dump()
              << "\n";
    return 0;
  }
  std::cout << cases.size() << " case(s) for " << mask_id_number(id_number) << " (this look-up is in the audit log)\n";
  for (const auto& item : cases) {
    std::cout << "  " << item["case"].get<std::string>() << "  " << item["state"].get<std::string>() << "  "
              << item["opened"].get<std::string>() << "  " << item["role"].get<std::string>() << " "
              << item["name"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace kiosk::app
