// The terminal's database, opened with its personal-data key. The key is made at first start; once the database
// has recorded it, a missing key file is an error that says to restore it (a new key could not read a thing).
#pragma once

#include "kiosk/app/config.h"
#include "kiosk/core/error.h"
#include "kiosk/crypto/personal_key.h"
#include "kiosk/store/store.h"

namespace kiosk::app {

Expected<crypto::PersonalDataKey> personal_key(const Config& config);
Expected<store::Store> open_store(const Config& config);

}  // namespace kiosk::app
