#include "kiosk/crypto/personal_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "kiosk/crypto/crypto.h"

namespace kiosk::crypto {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "pd1:";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

struct CipherFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherFree>;

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

Expected<std::array<std::uint8_t, PersonalDataKey::kFileBytes>> read_key_file(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Error("there is no personal-data key at " + path.string() +
                 " — restore it from the backup (without it the applicants' details in the database cannot be read)");
  }
  if ((info.st_mode & 077) != 0) {
    return Error("the personal-data key " + path.string() + " can be read by others — run: chmod 600 " + path.string());
  }
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    return Error("cannot read the personal-data key " + path.string() + " — run the kiosk as its service user");
  }
  std::array<std::uint8_t, PersonalDataKey::kFileBytes + 1> buffer{};
  const ssize_t got = ::read(descriptor, buffer.data(), buffer.size());
  ::close(descriptor);
  if (got != static_cast<ssize_t>(PersonalDataKey::kFileBytes)) {
    OPENSSL_cleanse(buffer.data(), buffer.size());
    return Error("the personal-data key " + path.string() + " is not " + std::to_string(PersonalDataKey::kFileBytes) +
                 " bytes — restore it from the backup");
  }
  std::array<std::uint8_t, PersonalDataKey::kFileBytes> key{};
  std::copy_n(buffer.begin(), key.size(), key.begin());
  OPENSSL_cleanse(buffer.data(), buffer.size());
  return key;
}

Expected<void> write_key_file(const fs::path& path, std::span<const std::uint8_t> key) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) return Error("cannot create " + path.parent_path().string() + ": " + error.message());
  fs::permissions(path.parent_path(), fs::perms::owner_all, error);
  fs::path partial = path;
  partial += ".partial";
  const int descriptor = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (descriptor < 0) return Error("cannot write the personal-data key " + partial.string());
  const bool written =
      ::write(descriptor, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(descriptor) == 0;
  ::close(descriptor);
  if (!written) return Error("cannot write the personal-data key " + partial.string() + " — is the disk full?");
  fs::rename(partial, path, error);
  if (error) return Error("cannot move the personal-data key into place: " + error.message());
  return {};
}

}  // namespace

PersonalDataKey::~PersonalDataKey() {
  OPENSSL_cleanse(cipher_key_.data(), cipher_key_.size());
  OPENSSL_cleanse(lookup_key_.data(), lookup_key_.size());
}

PersonalDataKey PersonalDataKey::from_bytes(std::span<const std::uint8_t, kFileBytes> bytes) {
  PersonalDataKey key;
  std::copy_n(bytes.begin(), 32, key.cipher_key_.begin());
  std::copy_n(bytes.begin() + 32, 32, key.lookup_key_.begin());
  return key;
}

Expected<PersonalDataKey> PersonalDataKey::load(const fs::path& path) {
  auto bytes = TRY(read_key_file(path));
  PersonalDataKey key = from_bytes(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

Expected<PersonalDataKey> PersonalDataKey::load_or_create(const fs::path& path) {
  std::error_code error;
  if (fs::exists(path, error)) return load(path);
  std::array<std::uint8_t, kFileBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Error("OpenSSL could not make the personal-data key (no random bytes)");
  }
  auto written = write_key_file(path, bytes);
  PersonalDataKey key = from_bytes(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  if (!written) return std::move(written).error();
  return key;
}

bool PersonalDataKey::is_sealed(std::string_view value) {
  return value.starts_with(kPrefix);
}

Expected<std::string> PersonalDataKey::seal(std::string_view plain, std::string_view context) const {
  std::array<std::uint8_t, kNonceBytes> nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) return Error("personal data: no random bytes");
  CipherContext cipher(EVP_CIPHER_CTX_new());
  std::vector<std::uint8_t> out(kNonceBytes + plain.size() + kTagBytes);
  std::copy(nonce.begin(), nonce.end(), out.begin());
  int length = 0;
  int final_length = 0;
  const bool sealed =
      cipher && EVP_EncryptInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, cipher_key_.data(), nonce.data()) == 1 &&
      EVP_EncryptUpdate(cipher.get(), nullptr, &length, bytes_of(context), static_cast<int>(context.size())) == 1 &&
      EVP_EncryptUpdate(cipher.get(), out.data() + kNonceBytes, &length, bytes_of(plain),
                        static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(cipher.get(), out.data() + kNonceBytes + length, &final_length) == 1 &&
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          out.data() + kNonceBytes + plain.size()) == 1;
  if (!sealed) return Error("personal data: OpenSSL could not encrypt (AES-256-GCM)");
  return std::string(kPrefix) + to_hex(out);
}

Expected<std::string> PersonalDataKey::open(std::string_view sealed, std::string_view context) const {
  if (!is_sealed(sealed)) {
    return Error("personal data in " + std::string(context) + " is not encrypted — the database was altered");
  }
  const auto bytes = from_hex(sealed.substr(kPrefix.size()));
  if (!bytes || bytes->size() < kNonceBytes + kTagBytes) {
    return Error("personal data in " + std::string(context) + " is malformed — the database was altered");
  }
  const std::size_t text_bytes = bytes->size() - kNonceBytes - kTagBytes;
  std::string plain(text_bytes, '\0');
  std::array<std::uint8_t, kTagBytes> tag{};
  std::copy_n(bytes->end() - static_cast<std::ptrdiff_t>(kTagBytes), kTagBytes, tag.begin());
  CipherContext cipher(EVP_CIPHER_CTX_new());
  int length = 0;
  int final_length = 0;
  const bool opened =
      cipher && EVP_DecryptInit_ex(cipher.get(), EVP_aes_256_gcm(), nullptr, cipher_key_.data(), bytes->data()) == 1 &&
      EVP_DecryptUpdate(cipher.get(), nullptr, &length, bytes_of(context), static_cast<int>(context.size())) == 1 &&
      EVP_DecryptUpdate(cipher.get(), reinterpret_cast<unsigned char*>(plain.data()), &length,
                        bytes->data() + kNonceBytes, static_cast<int>(text_bytes)) == 1 &&
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1 &&
      EVP_DecryptFinal_ex(cipher.get(), reinterpret_cast<unsigned char*>(plain.data()) + length, &final_length) == 1;
  if (!opened) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return Error("personal data in " + std::string(context) +
                 " does not open: it was altered, moved from another row, or sealed under another personal-data key "
                 "— restore the key (keys/personal.key) that wrote it");
  }
  return plain;
}

std::string PersonalDataKey::lookup_hash(std::string_view purpose, std::string_view value) const {
  std::string message(purpose);
  message.push_back('\0');
  message.append(value);
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), lookup_key_.data(), static_cast<int>(lookup_key_.size()), bytes_of(message), message.size(),
       digest.data(), &length);
  OPENSSL_cleanse(message.data(), message.size());
  return to_hex(std::span(digest.data(), length));
}

std::string PersonalDataKey::check_value() const {
  // From both halves, so either one replaced is caught.
  std::string check = lookup_hash("key-check", "counter-kiosk personal-data key");
  std::array<std::uint8_t, 32> cipher_check{};
  unsigned int length = 0;
  static constexpr std::string_view kLabel = "counter-kiosk personal-data cipher key";
  HMAC(EVP_sha256(), cipher_key_.data(), static_cast<int>(cipher_key_.size()), bytes_of(kLabel), kLabel.size(),
       cipher_check.data(), &length);
  return check.substr(0, 32) + to_hex(std::span(cipher_check.data(), 16));
}

}  // namespace kiosk::crypto
