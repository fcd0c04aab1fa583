// The terminal's key: an Ed25519 key pair made at first start (OpenSSL 3), kept in a file only the service (and
// root) can read, with the public key beside it for whoever verifies. It signs what the terminal vouches for —
// the verification code on a receipt now, the sealed case files with the archive.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::crypto {

class TerminalKey {
 public:
  // Loads the private key at `path` (PEM, PKCS#8), or makes one there on first start: the folder 0700, the key
  // 0600, the public key in "<path>.pub". A key file others may read is refused with the command that fixes it.
  static Expected<TerminalKey> load_or_create(const std::filesystem::path& path);
  // A public key only (PEM), for verifying.
  static Expected<TerminalKey> load_public(const std::filesystem::path& path);

  ~TerminalKey();
  TerminalKey(TerminalKey&&) noexcept;
  TerminalKey& operator=(TerminalKey&&) noexcept;

  bool can_sign() const;
  // 64 bytes.
  Expected<std::string> sign(std::string_view message) const;
  bool verify(std::string_view message, std::string_view signature) const;
  // SHA-256 of the raw 32-byte public key, lowercase hex: how the archive names the terminal's key.
  std::string fingerprint() const;
  std::string public_pem() const;

 private:
  struct State;
  explicit TerminalKey(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::crypto
