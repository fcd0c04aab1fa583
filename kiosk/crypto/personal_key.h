// Personal data at rest (个人信息): the applicant's and the agent's names, ID numbers, phones and addresses are
// kept in the database encrypted with AES-256-GCM, and found again through a keyed hash (HMAC-SHA-256) — never
// through the plain value. Both keys live in one file only the service can read, made at first start beside the
// terminal key. The plain values are opened only to fill documents and the sealed case file.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::crypto {

class PersonalDataKey {
 public:
  static constexpr std::size_t kFileBytes = 64;  // 32 for AES-256-GCM, 32 for the look-up HMAC

  // Loads the key at `path`, or makes one there (0600, its folder 0700) when there is none. A key others may
  // read is refused with the command that fixes it.
  static Expected<PersonalDataKey> load_or_create(const std::filesystem::path& path);
  // Loads only: a missing key is an error (what `kiosk doctor` and read-only commands want).
  static Expected<PersonalDataKey> load(const std::filesystem::path& path);
  // From raw bytes (tests, and the fuzz target).
  static PersonalDataKey from_bytes(std::span<const std::uint8_t, kFileBytes> bytes);

  PersonalDataKey(const PersonalDataKey&) = default;
  PersonalDataKey& operator=(const PersonalDataKey&) = default;
  ~PersonalDataKey();

  // "pd1:" and the hex of a random 12-byte nonce, the ciphertext and the 16-byte tag. `context` (the table,
  // column and row) is bound as associated data: a value copied to another row or column does not open.
  Expected<std::string> seal(std::string_view plain, std::string_view context) const;
  // The error says whether the value is malformed, or was altered or sealed under another key.
  Expected<std::string> open(std::string_view sealed, std::string_view context) const;
  static bool is_sealed(std::string_view value);
  // HMAC-SHA-256 of `purpose` and `value`, hex: equal values give equal hashes under one key, and nothing else.
  std::string lookup_hash(std::string_view purpose, std::string_view value) const;
  // Names this key without revealing it: the database records it, so a different key is caught at open.
  std::string check_value() const;

 private:
  PersonalDataKey() = default;
  std::array<std::uint8_t, 32> cipher_key_{};
  std::array<std::uint8_t, 32> lookup_key_{};
};

}  // namespace kiosk::crypto
