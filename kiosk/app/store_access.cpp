#include "kiosk/app/store_access.h"

namespace kiosk::app {

Expected<crypto::PersonalDataKey> personal_key(const Config& config) {
  const auto path = config.personal_key_path();
  std::error_code error;
  if (!std::filesystem::exists(path, error) && TRY(store::Store::records_personal_key(config.database_path()))) {
    return Error("the personal-data key " + path.string() + " is missing, and the database " +
                 config.database_path().string() +
                 " was written with it — restore the key from the terminal's backup (a new key cannot read the "
                 "applicants' details)");
  }
  return crypto::PersonalDataKey::load_or_create(path);
}

Expected<store::Store> open_store(const Config& config) {
  const crypto::PersonalDataKey key = TRY(personal_key(config));
  return store::Store::open(config.database_path(), key);
}

}  // namespace kiosk::app
