// The parties table, where the personal data is: sealed column by column under the personal-data key on the way
// in, opened on the way out, with keyed hashes of the ID numbers for look-ups. Private to kiosk/store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/party.h"
#include "kiosk/crypto/personal_key.h"
#include "kiosk/store/detail/database.h"

namespace kiosk::store::detail {

Expected<void> save_party(Database& database, const crypto::PersonalDataKey& key, std::int64_t case_id,
                          const Party& party);
Expected<std::optional<Party>> load_party(Database& database, const crypto::PersonalDataKey& key, std::int64_t case_id);
// The look-up hash of an ID number, as the parties table keeps it (spaces dropped, a final x upper-cased).
std::string id_number_lookup(const crypto::PersonalDataKey& key, std::string_view id_number);

// Records the key's check value on first use; a database that recorded another key's refuses to open.
Expected<void> check_personal_key(Database& database, const crypto::PersonalDataKey& key);
// A database from before encryption: its plain rows are sealed in place (one transaction), and the old plain
// pages are overwritten (secure_delete) and the WAL truncated, so no copy of them is left in the files.
// Returns how many rows it sealed.
Expected<int> seal_plain_parties(Database& database, const crypto::PersonalDataKey& key);

}  // namespace kiosk::store::detail
