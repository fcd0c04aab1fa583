#include "kiosk/crypto/pin.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <optional>
#include <span>
#include <vector>

#include "kiosk/crypto/crypto.h"

namespace kiosk::crypto {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";

Expected<std::vector<std::uint8_t>> derive(std::string_view pin, std::span<const std::uint8_t> salt, int iterations,
                                           std::size_t length) {
  std::vector<std::uint8_t> out(length);
  if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()),
                        iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1) {
    return Error("PIN hash: PBKDF2 failed in OpenSSL");
  }
  return out;
}

}  // namespace

Expected<std::string> hash_pin(std::string_view pin, int iterations) {
  if (iterations < 1000) return Error("PIN hash: at least 1000 iterations");
  std::array<std::uint8_t, 16> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) return Error("PIN hash: no random bytes");
  const auto hash = TRY(derive(pin, salt, iterations, 32));
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + to_hex(salt) + "$" + to_hex(hash);
}

Expected<bool> verify_pin(std::string_view pin, std::string_view stored) {
  const auto malformed = Error(
      "PIN hash: not a \"pbkdf2-sha256$ITERATIONS$SALT$HASH\" field — set it again with "
      "`kiosk staff hash-pin`");
  std::array<std::string_view, 4> fields;
  std::size_t start = 0;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::size_t end = i + 1 < fields.size() ? stored.find('$', start) : stored.size();
    if (end == std::string_view::npos) return malformed;
    fields[i] = stored.substr(start, end - start);
    start = end + 1;
  }
  int iterations = 0;
  const auto [end, error] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), iterations);
  const auto salt = from_hex(fields[2]);
  const auto expected = from_hex(fields[3]);
  if (fields[0] != kScheme || error != std::errc() || end != fields[1].data() + fields[1].size() || iterations < 1000 ||
      iterations > 10'000'000 || !salt || salt->empty() || !expected || expected->size() < 16) {
    return malformed;
  }
  const auto actual = TRY(derive(pin, *salt, iterations, expected->size()));
  return CRYPTO_memcmp(actual.data(), expected->data(), actual.size()) == 0;
}

}  // namespace kiosk::crypto
