// Staff PINs at rest: PBKDF2-HMAC-SHA256 (OpenSSL) with a random salt, written as one text field
// "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX" that carries its own parameters, so they can be raised later.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::crypto {

inline constexpr int kPinIterations = 200'000;

Expected<std::string> hash_pin(std::string_view pin, int iterations = kPinIterations);
// Constant-time against the stored hash; an error when `stored` is not a hash this code wrote.
Expected<bool> verify_pin(std::string_view pin, std::string_view stored);

}  // namespace kiosk::crypto
