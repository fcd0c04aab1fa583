#include "kiosk/crypto/terminal_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/crypto/crypto.h"

namespace kiosk::crypto {
namespace {

namespace fs = std::filesystem;

struct FileCloser {
  void operator()(FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<FILE, FileCloser>;

fs::path public_path(const fs::path& path) {
  fs::path pub = path;
  pub += ".pub";
  return pub;
}

}  // namespace

struct TerminalKey::State {
  EVP_PKEY* key = nullptr;
  bool has_private = false;
  ~State() { EVP_PKEY_free(key); }
};

TerminalKey::TerminalKey(std::unique_ptr<State> state) : state_(std::move(state)) {}
TerminalKey::~TerminalKey() = default;
TerminalKey::TerminalKey(TerminalKey&&) noexcept = default;
TerminalKey& TerminalKey::operator=(TerminalKey&&) noexcept = default;

Expected<TerminalKey> TerminalKey::load_or_create(const fs::path& path) {
  auto state = std::make_unique<State>();
  state->has_private = true;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if ((info.st_mode & 077) != 0) {
      return Error("the terminal key " + path.string() + " can be read by others — run: chmod 600 " + path.string());
    }
    File file(std::fopen(path.c_str(), "r"));
    if (!file) return Error("cannot read the terminal key " + path.string() + " — run the kiosk as its service user");
    state->key = PEM_read_PrivateKey(file.get(), nullptr, nullptr, nullptr);
    if (state->key == nullptr || EVP_PKEY_get_id(state->key) != EVP_PKEY_ED25519) {
      return Error("the terminal key " + path.string() +
                   " is not an Ed25519 private key — restore it from the backup; never make a new one over it, or "
                   "the archive cannot tell this terminal's earlier cases from forgeries");
    }
    return TerminalKey(std::move(state));
  }
  // First start: a new key, written so that only the service can read it.
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  if (error) return Error("cannot create " + path.parent_path().string() + ": " + error.message());
  fs::permissions(path.parent_path(), fs::perms::owner_all, error);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  const bool made =
      context != nullptr && EVP_PKEY_keygen_init(context) == 1 && EVP_PKEY_keygen(context, &state->key) == 1;
  EVP_PKEY_CTX_free(context);
  if (!made) return Error("OpenSSL could not make the terminal key");
  fs::path partial = path;
  partial += ".partial";
  const int descriptor = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (descriptor < 0) return Error("cannot write the terminal key " + partial.string());
  File file(::fdopen(descriptor, "w"));
  if (!file || PEM_write_PrivateKey(file.get(), state->key, nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      std::fflush(file.get()) != 0 || ::fsync(descriptor) != 0) {
    return Error("cannot write the terminal key " + partial.string() + " — is the disk full?");
  }
  file.reset();
  fs::rename(partial, path, error);
  if (error) return Error("cannot move the terminal key into place: " + error.message());
  TerminalKey key(std::move(state));
  File pub(std::fopen(public_path(path).c_str(), "w"));
  const std::string pem = key.public_pem();
  if (!pub || std::fputs(pem.c_str(), pub.get()) < 0) {
    return Error("cannot write the public key " + public_path(path).string());
  }
  return key;
}

Expected<TerminalKey> TerminalKey::load_public(const fs::path& path) {
  File file(std::fopen(path.c_str(), "r"));
  if (!file) return Error("cannot read the public key " + path.string());
  auto state = std::make_unique<State>();
  state->key = PEM_read_PUBKEY(file.get(), nullptr, nullptr, nullptr);
  if (state->key == nullptr || EVP_PKEY_get_id(state->key) != EVP_PKEY_ED25519) {
    return Error(path.string() + " is not an Ed25519 public key (PEM)");
  }
  return TerminalKey(std::move(state));
}

bool TerminalKey::can_sign() const {
  return state_->has_private;
}

Expected<std::string> TerminalKey::sign(std::string_view message) const {
  if (!state_->has_private) return Error("this is a public key: it verifies, it cannot sign");
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::string signature(64, '\0');
  std::size_t length = signature.size();
  const bool signed_ok = context != nullptr &&
                         EVP_DigestSignInit(context, nullptr, nullptr, nullptr, state_->key) == 1 &&
                         EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                                        reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(context);
  if (!signed_ok || length != 64) return Error("OpenSSL could not sign with the terminal key");
  return signature;
}

bool TerminalKey::verify(std::string_view message, std::string_view signature) const {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const bool valid =
      context != nullptr && EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, state_->key) == 1 &&
      EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(context);
  return valid;
}

std::string TerminalKey::fingerprint() const {
  std::array<unsigned char, 32> raw{};
  std::size_t length = raw.size();
  EVP_PKEY_get_raw_public_key(state_->key, raw.data(), &length);
  return sha256_hex(std::string_view(reinterpret_cast<const char*>(raw.data()), length));
}

std::string TerminalKey::public_pem() const {
  BIO* memory = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(memory, state_->key);
  char* data = nullptr;
  const long length = BIO_get_mem_data(memory, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(memory);
  return pem;
}

}  // namespace kiosk::crypto
