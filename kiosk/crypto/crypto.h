// kiosk/crypto — hashing (and, with the archive work, signing) through OpenSSL 3. Shared by the store's audit
// chain and the archive's manifests, so both agree on one implementation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;

std::string to_hex(std::span<const std::uint8_t> bytes);
// The bytes of lowercase or uppercase hex; nothing when the text is not whole hex pairs ("" is no bytes).
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

// Incremental SHA-256, for files read in blocks and for streams.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(std::span<const std::uint8_t> bytes);
  void update(std::string_view text);
  Sha256Digest finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Lowercase hex SHA-256 of a string.
std::string sha256_hex(std::string_view text);

// What object stores want in their headers: Base64 (RFC 4648), MD5 (Content-MD5 and ETags — integrity against
// accidents, never security), and the raw SHA-256.
std::string base64(std::string_view bytes);
std::string md5_raw(std::string_view bytes);
std::string sha256_raw(std::string_view bytes);

struct FileDigest {
  std::string sha256;  // lowercase hex
  std::uint64_t bytes = 0;
};

// Streams the file in 64 KiB blocks; the error names the file and the system's reason.
Expected<FileDigest> sha256_file(const std::filesystem::path& path);

// SM3 (GB/T 32905-2016, OpenSSL 3), for case files where policy asks for national cryptography: lowercase hex.
std::string sm3_hex(std::string_view text);
Expected<std::string> sm3_file(const std::filesystem::path& path);

}  // namespace kiosk::crypto
