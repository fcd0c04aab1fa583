// A case file as this system seals it: a valid bag, signed by the terminal (case.sig over the tag manifest, which
// covers every other byte), naming its key, and linked to the case sealed before it on the same terminal.
#include <optional>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/detail/bag_text.h"
#include "kiosk/archive/detail/durable_file.h"
#include "kiosk/crypto/crypto.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    for (char c : hex.substr(i, 2)) {
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= c - '0';
      else if (c >= 'a' && c <= 'f')
        value |= c - 'a' + 10;
      else
        return std::nullopt;
    }
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

// "Label value" lines.
std::optional<std::string> field(std::string_view text, std::string_view label) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.size() > label.size() && line.starts_with(label) && line[label.size()] == ' ') {
      return std::string(line.substr(label.size() + 1));
    }
    at = end + 1;
  }
  return std::nullopt;
}

}  // namespace

Expected<CaseReport> verify_case(const fs::path& path, const crypto::TerminalKey& key) {
  CaseReport report;
  report.bag = TRY(verify_bag(path));
  const std::string where = "case file " + path.string() + ": ";
  std::error_code error;
  if (!fs::exists(path / "case.sig", error)) {
    return Error(where +
                 "case.sig is missing — the case file is incomplete (its signature is written last); fetch it "
                 "again from the terminal or the archive");
  }
  const std::string signature_text = TRY(detail::read_file(path / "case.sig"));
  const auto signature_hex = field(signature_text, "Ed25519");
  const auto signature = signature_hex ? from_hex(*signature_hex) : std::nullopt;
  const auto fingerprint = field(signature_text, "Key-SHA256");
  if (!signature || signature->size() != 64 || !fingerprint) {
    return Error(where + "case.sig is not a signature this system writes (Ed25519 <128 hex>, Key-SHA256 <hex>)");
  }
  if (*fingerprint != key.fingerprint()) {
    return Error(where + "it was signed by the key " + fingerprint->substr(0, 16) + "…, not the one given (" +
                 key.fingerprint().substr(0, 16) + "…) — verify it with the public key of the terminal that sealed it");
  }
  const auto info = detail::parse_bag_info(TRY(detail::read_file(path / "bag-info.txt")));
  const auto named = info.find("Terminal-Key-SHA256");
  if (named == info.end() || named->second != *fingerprint) {
    return Error(where + "bag-info.txt does not name the key case.sig was made with — the case file was altered");
  }
  const std::string tagmanifest = TRY(detail::read_file(path / "tagmanifest-sha256.txt"));
  if (!key.verify(tagmanifest, *signature)) {
    return Error(where + "case.sig does not match tagmanifest-sha256.txt — the case file was altered after sealing");
  }
  report.key_fingerprint = *fingerprint;

  // The chain: the previous case's seal as this case recorded it, against that case file if it is at hand.
  const auto previous = info.find("Previous-Case");
  const auto previous_seal = info.find("Previous-Seal-SHA256");
  if (previous != info.end() && previous_seal != info.end()) {
    report.previous_case = previous->second;
    const fs::path beside = path.parent_path() / previous->second;
    if (fs::exists(beside / "tagmanifest-sha256.txt", error)) {
      const std::string seal = crypto::sha256_hex(TRY(detail::read_file(beside / "tagmanifest-sha256.txt")));
      if (seal != previous_seal->second) {
        return Error(where + "the previous case " + previous->second + " beside it is not the one this case was " +
                     "chained to (its seal is " + seal.substr(0, 16) + "…, the chain says " +
                     previous_seal->second.substr(0, 16) + "…) — it was altered or replaced");
      }
      report.previous_checked = true;
    }
  }
  return report;
}

}  // namespace kiosk::archive
