// kiosk/archive — the case file. A sealed case is a BagIt bag (RFC 8493) that any archivist can validate:
//   <terminal>/<case-no>/ bagit.txt bag-info.txt manifest-sha256.txt tagmanifest-sha256.txt data/case.json …
// The signature, the chain to the previous case and the sinks (S3, archive share) come with the archive issue;
// they only add files and steps to what is here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/audit_event.h"
#include "kiosk/core/case.h"
#include "kiosk/core/error.h"
#include "kiosk/crypto/terminal_key.h"

namespace kiosk::archive {

struct SealedBag {
  std::filesystem::path path;
  std::string tagmanifest_sha256;  // the seal hash: covers every tag file, and through the manifest every payload
};

// Builds a bag in "<path>.partial" and renames it into place when finished, so a bag directory that exists is
// complete; everything is fsynced before the rename.
class BagWriter {
 public:
  // `sm3`: also an SM3 manifest (manifest-sm3.txt), for national cryptography.
  static Expected<BagWriter> begin(std::filesystem::path path, bool sm3 = false);
  BagWriter(BagWriter&&) noexcept = default;
  ~BagWriter();

  // A payload file from bytes, at data/<relative_path>.
  Expected<void> add_payload(std::string_view relative_path, std::string_view bytes);
  // A payload file copied from disk (documents, media); returns the SHA-256 of what landed in the bag.
  Expected<std::string> add_payload_file(std::string_view relative_path, const std::filesystem::path& source);
  // A bag-info.txt element; values are kept on one line.
  void add_info(std::string label, std::string value);
  // Writes the tag files; with a key, the terminal's Ed25519 signature of the tag manifest as case.sig (which
  // covers, through the manifests, every byte of the bag).
  Expected<SealedBag> finish(const crypto::TerminalKey* key = nullptr);

 private:
  struct Entry {
    std::string path;  // relative to the bag root: "data/case.json"
    std::string sha256;
    std::uint64_t bytes;
    std::string sm3;  // with an SM3 manifest
  };
  explicit BagWriter(std::filesystem::path path, std::filesystem::path partial)
      : path_(std::move(path)), partial_(std::move(partial)) {}
  Expected<std::filesystem::path> payload_target(std::string_view relative_path);

  std::filesystem::path path_;
  std::filesystem::path partial_;
  std::vector<Entry> payload_;
  std::vector<std::pair<std::string, std::string>> info_;
  bool finished_ = false;
  bool sm3_ = false;
};

struct BagReport {
  std::int64_t payload_files = 0;
  std::uint64_t payload_bytes = 0;
  std::string tagmanifest_sha256;
};

// Checks bagit.txt, every manifest line (file present, hash right), that every payload file is listed,
// Payload-Oxum, and the tag manifest. The error names the first file that fails.
Expected<BagReport> verify_bag(const std::filesystem::path& path);

// A file of a case (a document, a signature) written so that it survives a power cut: fsynced and made visible by
// an atomic rename, its folder created and synced.
Expected<void> write_durably(const std::filesystem::path& path, std::string_view bytes);

// The receipt's verification code and what backs it: the statement the terminal signed and the signature.
struct ReceiptVerification {
  std::string code;
  std::string statement;
  std::string signature_hex;
  std::string key_fingerprint;
};

struct SealRequest {
  const Case& record;                            // closed or abandoned
  const std::vector<ChainedAuditEvent>& events;  // the case's audit events so far
  std::string file_type;                         // 案卷类型, for the cover
  Instant sealed_at;
  std::filesystem::path media_folder;  // where the registered segments are: each goes in as data/media/NNNN.mp4
  std::filesystem::path files_folder;  // where the case's documents and signature are, by their paths in the case
  std::optional<ReceiptVerification> receipt = {};
  const crypto::TerminalKey* key = nullptr;  // signs the case file (case.sig)
  // The case this terminal sealed before, and its seal: recorded in this one, so the cases form a chain in which a
  // missing or altered case shows. Empty for the terminal's first case.
  std::optional<std::pair<std::string, std::string>> previous = {};
  bool sm3 = false;  // national cryptography: an SM3 manifest beside the SHA-256 one
};

// What `kiosk archive verify` checks beyond the bag: the terminal's signature of the tag manifest (case.sig)
// against `key`, that the bag names that key, and — when the previous case's case file lies beside it — the link
// of the chain.
struct CaseReport {
  BagReport bag;
  std::string key_fingerprint;
  std::string previous_case;             // "" for a terminal's first case
  std::optional<bool> previous_checked;  // nullopt: the previous case file is not at hand
};
Expected<CaseReport> verify_case(const std::filesystem::path& path, const crypto::TerminalKey& key);

// Writes the case file under <cases_root>/<terminal>/<case-no>/. When a complete bag for the case is already
// there (a crash after writing it, before the store recorded the seal) and it verifies, it is kept and reused.
Expected<SealedBag> seal_case(const std::filesystem::path& cases_root, const SealRequest& request);

// data/case.json: cover, party, staff, materials directory, decision, documents, signature, media register,
// audit events.
std::string case_json(const SealRequest& request);

}  // namespace kiosk::archive
