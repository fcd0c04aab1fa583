// Validation of a bag as RFC 8493 describes it, strict where a case file must be: every listed file present with
// the right hash, every payload file listed, Payload-Oxum right, the tag manifest right, no path leaving the bag.
#include <map>
#include <set>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/detail/bag_text.h"
#include "kiosk/archive/detail/durable_file.h"
#include "kiosk/crypto/crypto.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;

Expected<std::uint64_t> check_manifest(const fs::path& bag, std::string_view manifest_name,
                                       const std::vector<detail::ManifestLine>& lines) {
  std::uint64_t bytes = 0;
  for (const detail::ManifestLine& line : lines) {
    const fs::path file = bag / line.path;
    std::error_code error;
    // symlink_status: a link is not followed, so a bag cannot make us read (and vouch for) a file outside it.
    if (fs::symlink_status(file, error).type() != fs::file_type::regular) {
      return Error("bag " + bag.string() + ": " + line.path + " is listed in " + std::string(manifest_name) +
                   " but missing (or not a plain file) — the case file is incomplete; fetch it again from the terminal "
                   "or archive");
    }
    const crypto::FileDigest digest = TRY(crypto::sha256_file(file));
    if (digest.sha256 != line.sha256) {
      return Error("bag " + bag.string() + ": " + line.path + " does not match its SHA-256 in " +
                   std::string(manifest_name) + " — the file was altered or damaged");
    }
    bytes += digest.bytes;
  }
  return bytes;
}

}  // namespace

Expected<BagReport> verify_bag(const std::filesystem::path& path) {
  std::error_code error;
  if (!fs::is_directory(path, error)) return Error("bag " + path.string() + ": no such folder");
  const std::string bagit = TRY(detail::read_file(path / "bagit.txt"));
  if (!bagit.starts_with("BagIt-Version: 1.0\n") ||
      bagit.find("Tag-File-Character-Encoding: UTF-8") == std::string::npos) {
    return Error("bag " + path.string() + ": bagit.txt is not a BagIt 1.0 declaration in UTF-8");
  }
  const std::string manifest = TRY(detail::read_file(path / "manifest-sha256.txt"));
  const auto payload_lines = TRY(detail::parse_manifest(manifest, "manifest-sha256.txt"));
  std::set<std::string> listed;
  for (const detail::ManifestLine& line : payload_lines) {
    if (!line.path.starts_with("data/")) {
      return Error("bag " + path.string() + ": manifest-sha256.txt lists " + line.path + ", outside data/");
    }
    if (!listed.insert(line.path).second) {
      return Error("bag " + path.string() + ": manifest-sha256.txt lists " + line.path + " twice");
    }
  }
  BagReport report;
  report.payload_bytes = TRY(check_manifest(path, "manifest-sha256.txt", payload_lines));
  report.payload_files = static_cast<std::int64_t>(payload_lines.size());

  for (auto entry = fs::recursive_directory_iterator(path / "data", error); !error && entry != fs::end(entry);
       entry.increment(error)) {
    const fs::file_type type = entry->symlink_status(error).type();
    if (error) break;
    const std::string relative = entry->path().lexically_relative(path).generic_string();
    if (type == fs::file_type::directory) continue;
    if (type != fs::file_type::regular) {
      return Error("bag " + path.string() + ": " + relative +
                   " is not a regular file (a link or device) — a case file holds only plain files");
    }
    if (!listed.contains(relative)) {
      return Error("bag " + path.string() + ": " + relative +
                   " is in the payload but not in manifest-sha256.txt — a file was added after sealing");
    }
  }
  if (error) return Error("bag " + path.string() + ": cannot list data/: " + error.message());

  const std::string bag_info = TRY(detail::read_file(path / "bag-info.txt"));
  const auto info = detail::parse_bag_info(bag_info);
  if (const auto oxum = info.find("Payload-Oxum"); oxum != info.end()) {
    const std::string actual = std::to_string(report.payload_bytes) + "." + std::to_string(report.payload_files);
    if (oxum->second != actual) {
      return Error("bag " + path.string() + ": Payload-Oxum says " + oxum->second + " but the payload is " + actual +
                   " (bytes.files)");
    }
  }

  // National cryptography: an SM3 manifest beside the SHA-256 one lists the same files, each with its SM3.
  if (fs::exists(path / "manifest-sm3.txt", error)) {
    const auto sm3_lines =
        TRY(detail::parse_manifest(TRY(detail::read_file(path / "manifest-sm3.txt")), "manifest-sm3.txt"));
    std::set<std::string> sm3_listed;
    for (const detail::ManifestLine& line : sm3_lines) {
      if (!listed.contains(line.path)) {
        return Error("bag " + path.string() + ": manifest-sm3.txt lists " + line.path +
                     ", which manifest-sha256.txt does not");
      }
      sm3_listed.insert(line.path);
      if (TRY(crypto::sm3_file(path / line.path)) != line.sha256) {
        return Error("bag " + path.string() + ": " + line.path +
                     " does not match its SM3 in manifest-sm3.txt — the file was altered or damaged");
      }
    }
    if (sm3_listed.size() != listed.size()) {
      return Error("bag " + path.string() + ": manifest-sm3.txt does not list every payload file");
    }
  }

  const std::string tagmanifest = TRY(detail::read_file(path / "tagmanifest-sha256.txt"));
  const auto tag_lines = TRY(detail::parse_manifest(tagmanifest, "tagmanifest-sha256.txt"));
  for (const detail::ManifestLine& line : tag_lines) {
    if (line.path.starts_with("data/")) {
      return Error("bag " + path.string() + ": tagmanifest-sha256.txt lists payload file " + line.path);
    }
  }
  TRY(check_manifest(path, "tagmanifest-sha256.txt", tag_lines));
  for (const char* required : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}) {
    bool covered = false;
    for (const detail::ManifestLine& line : tag_lines) covered = covered || line.path == required;
    if (!covered) return Error("bag " + path.string() + ": tagmanifest-sha256.txt does not cover " + required);
  }
  report.tagmanifest_sha256 = crypto::sha256_hex(tagmanifest);
  return report;
}

}  // namespace kiosk::archive
