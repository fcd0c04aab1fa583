#include <set>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/detail/durable_file.h"
#include "kiosk/crypto/crypto.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;

std::string manifest_text(const std::vector<std::pair<std::string, std::string>>& lines) {
  std::string text;
  for (const auto& [hash, path] : lines) text += hash + "  " + path + "\n";
  return text;
}

// bag-info values stay on one line: RFC 8493 would fold them, but one line is what tools show best.
std::string one_line(std::string value) {
  for (char& c : value) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return value;
}

}  // namespace

Expected<BagWriter> BagWriter::begin(std::filesystem::path path, bool sm3) {
  fs::path partial = path;
  partial += ".partial";
  std::error_code error;
  fs::remove_all(partial, error);  // what a crash left half-written is rewritten from the store
  if (fs::exists(path, error)) {
    return Error("case file " + path.string() + " already exists — it is sealed; verify it instead of rewriting");
  }
  fs::create_directories(partial / "data", error);
  if (error) {
    return Error("cannot create " + partial.string() + ": " + error.message() +
                 " — check the data directory's free space and permissions");
  }
  BagWriter writer(std::move(path), std::move(partial));
  writer.sm3_ = sm3;
  return writer;
}

BagWriter::~BagWriter() {
  if (!finished_ && !partial_.empty()) {
    std::error_code ignored;
    fs::remove_all(partial_, ignored);
  }
}

Expected<std::filesystem::path> BagWriter::payload_target(std::string_view relative_path) {
  const fs::path relative(relative_path);
  if (relative.empty() || relative.is_absolute())
    return Error("bag: payload path \"" + std::string(relative_path) + "\" is not relative");
  for (const auto& part : relative) {
    if (part == ".." || part == ".")
      return Error("bag: payload path \"" + std::string(relative_path) + "\" leaves data/");
  }
  for (const Entry& entry : payload_) {
    if (entry.path == "data/" + relative.generic_string()) {
      return Error("bag: payload file " + std::string(relative_path) + " added twice");
    }
  }
  const fs::path target = partial_ / "data" / relative;
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  if (error) return Error("cannot create " + target.parent_path().string() + ": " + error.message());
  return target;
}

Expected<void> BagWriter::add_payload(std::string_view relative_path, std::string_view bytes) {
  const fs::path target = TRY(payload_target(relative_path));
  TRY(detail::write_file_synced(target, bytes));
  payload_.push_back({"data/" + fs::path(relative_path).generic_string(), crypto::sha256_hex(bytes), bytes.size(),
                      sm3_ ? crypto::sm3_hex(bytes) : std::string()});
  return {};
}

Expected<std::string> BagWriter::add_payload_file(std::string_view relative_path, const std::filesystem::path& source) {
  const fs::path target = TRY(payload_target(relative_path));
  TRY(detail::copy_file_synced(source, target));
  // Hash what landed in the bag, not the source: the manifest must describe the bag's own bytes.
  const crypto::FileDigest digest = TRY(crypto::sha256_file(target));
  payload_.push_back({"data/" + fs::path(relative_path).generic_string(), digest.sha256, digest.bytes,
                      sm3_ ? TRY(crypto::sm3_file(target)) : std::string()});
  return digest.sha256;
}

void BagWriter::add_info(std::string label, std::string value) {
  info_.emplace_back(one_line(std::move(label)), one_line(std::move(value)));
}

Expected<SealedBag> BagWriter::finish(const crypto::TerminalKey* key) {
  std::vector<std::pair<std::string, std::string>> payload_lines;
  std::uint64_t octets = 0;
  for (const Entry& entry : payload_) {
    payload_lines.emplace_back(entry.sha256, entry.path);
    octets += entry.bytes;
  }
  const std::string bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  const std::string manifest = manifest_text(payload_lines);
  std::string bag_info;
  for (const auto& [label, value] : info_) bag_info += label + ": " + value + "\n";
  bag_info += "Payload-Oxum: " + std::to_string(octets) + "." + std::to_string(payload_.size()) + "\n";

  TRY(detail::write_file_synced(partial_ / "bagit.txt", bagit));
  TRY(detail::write_file_synced(partial_ / "manifest-sha256.txt", manifest));
  TRY(detail::write_file_synced(partial_ / "bag-info.txt", bag_info));
  std::vector<std::pair<std::string, std::string>> tag_lines{{crypto::sha256_hex(bagit), "bagit.txt"},
                                                             {crypto::sha256_hex(bag_info), "bag-info.txt"},
                                                             {crypto::sha256_hex(manifest), "manifest-sha256.txt"}};
  if (sm3_) {
    std::vector<std::pair<std::string, std::string>> sm3_lines;
    for (const Entry& entry : payload_) sm3_lines.emplace_back(entry.sm3, entry.path);
    const std::string sm3_manifest = manifest_text(sm3_lines);
    TRY(detail::write_file_synced(partial_ / "manifest-sm3.txt", sm3_manifest));
    tag_lines.emplace_back(crypto::sha256_hex(sm3_manifest), "manifest-sm3.txt");
  }
  const std::string tagmanifest = manifest_text(tag_lines);
  TRY(detail::write_file_synced(partial_ / "tagmanifest-sha256.txt", tagmanifest));
  if (key != nullptr) {
    const std::string signature = TRY(key->sign(tagmanifest));
    const std::string text =
        "Ed25519 " +
        crypto::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size())) +
        "\nKey-SHA256 " + key->fingerprint() + "\nSigned tagmanifest-sha256.txt\n";
    TRY(detail::write_file_synced(partial_ / "case.sig", text));
  }

  // Directories too: a rename is durable only once the folders that hold the names are synced.
  std::set<fs::path> folders{partial_, partial_ / "data"};
  for (const Entry& entry : payload_) {
    for (fs::path folder = (partial_ / entry.path).parent_path(); folder != partial_; folder = folder.parent_path()) {
      folders.insert(folder);
    }
  }
  for (const fs::path& folder : folders) TRY(detail::sync_directory(folder));
  std::error_code error;
  fs::rename(partial_, path_, error);
  if (error) return Error("cannot move the sealed case file into place at " + path_.string() + ": " + error.message());
  TRY(detail::sync_directory(path_.parent_path()));
  finished_ = true;
  return SealedBag{path_, crypto::sha256_hex(tagmanifest)};
}

}  // namespace kiosk::archive
