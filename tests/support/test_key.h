// A fixed personal-data key for tests that open a store by its path (the app's own key file is made by open_store).
#pragma once

#include <array>
#include <cstdint>

#include "kiosk/crypto/personal_key.h"

namespace kiosk::testing {

inline const crypto::PersonalDataKey& test_personal_key() {
  static const crypto::PersonalDataKey key = [] {
    std::array<std::uint8_t, crypto::PersonalDataKey::kFileBytes> bytes{};
    for (std::size_t index = 0; index < bytes.size(); ++index) bytes[index] = static_cast<std::uint8_t>(index * 7 + 1);
    return crypto::PersonalDataKey::from_bytes(bytes);
  }();
  return key;
}

}  // namespace kiosk::testing
