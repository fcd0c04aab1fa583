#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/detail/bag_text.h"
#include "kiosk/archive/detail/durable_file.h"
#include "kiosk/archive/sink.h"
#include "kiosk/crypto/crypto.h"

namespace kiosk::archive {
namespace {

namespace fs = std::filesystem;

// A key names a file under the sink's root and nothing else.
Expected<fs::path> target_of(const fs::path& root, const std::string& key) {
  const fs::path relative(key);
  if (key.empty() || relative.is_absolute()) return Error("archive: the key \"" + key + "\" is not relative");
  for (const auto& part : relative) {
    if (part == ".." || part == ".") return Error("archive: the key \"" + key + "\" leaves the archive");
  }
  return root / relative;
}

}  // namespace

Expected<bool> DirectorySink::holds(const std::string& key, const fs::path&, std::uint64_t bytes,
                                    const std::string& sha256) {
  const fs::path target = TRY(target_of(root_, key));
  std::error_code error;
  if (!fs::is_regular_file(target, error) || fs::file_size(target, error) != bytes || error) return false;
  auto digest = crypto::sha256_file(target);
  return digest && digest->sha256 == sha256;
}

Expected<void> DirectorySink::check_reachable() {
  last_error_ = {};
  std::error_code error;
  if (!fs::is_directory(root_, error)) {
    last_error_ = {"the archive share " + root_.string() + " is not mounted (no such folder) — mount it", false, 0};
    return Error(last_error_.message);
  }
  // Written, made durable and read back as a case file would be, then removed.
  const fs::path probe = root_ / ".kiosk-check";
  if (auto written = write_durably(probe, "counter-kiosk\n"); !written) {
    last_error_ = {"cannot write to the archive share " + root_.string() + ": " + written.error().message() +
                       " — mount it read-write for the service user",
                   false, 0};
    return Error(last_error_.message);
  }
  fs::remove(probe, error);
  return {};
}

Expected<void> DirectorySink::put(const std::string& key, const fs::path& file, std::uint64_t bytes,
                                  const std::string& sha256) {
  last_error_ = {};
  std::error_code error;
  if (!fs::is_directory(root_, error)) {
    last_error_ = {"the archive share " + root_.string() + " is not mounted (no such folder) — mount it", false, 0};
    return Error(last_error_.message);
  }
  const fs::path target = TRY(target_of(root_, key));
  fs::create_directories(target.parent_path(), error);
  if (error) {
    last_error_ = {"cannot create " + target.parent_path().string() + " on the archive share: " + error.message(),
                   false, 0};
    return Error(last_error_.message);
  }
  fs::path partial = target;
  partial += ".uploading";
  if (auto copied = detail::copy_file_synced(file, partial); !copied) {
    last_error_ = {copied.error().message(), false, 0};
    return copied.error();
  }
  // Read back what the share holds, before it takes the final name: bytes the share lost or bent, or a local file
  // that is not what the case file's manifest lists, never stand under the key.
  const crypto::FileDigest digest = TRY(crypto::sha256_file(partial));
  if (digest.sha256 != sha256 || digest.bytes != bytes) {
    fs::remove(partial, error);
    const crypto::FileDigest local = TRY(crypto::sha256_file(file));
    last_error_ = {local.sha256 != sha256
                       ? "the local case file is damaged, so it is not shipped: " + file.string() +
                             " does not match its manifest — keep it for investigation"
                       : "the archive share holds other bytes at " + key + " than were written (SHA-256 " +
                             digest.sha256.substr(0, 16) + "…, expected " + sha256.substr(0, 16) + "…)",
                   false, 0};
    return Error(last_error_.message);
  }
  fs::rename(partial, target, error);
  if (error) {
    last_error_ = {"cannot move " + partial.string() + " into place: " + error.message(), false, 0};
    return Error(last_error_.message);
  }
  return detail::sync_directory(target.parent_path());
}

Expected<ShipReport> ship_case(const fs::path& bag, const std::string& key_prefix, Sink& sink,
                               const std::function<void(const std::string& key)>& progress) {
  // The tag files are checked here against the tag manifest (a few kB); each payload file is checked by the sink
  // against its manifest hash as it reads it to send — one read of the media, not two.
  const std::string tagmanifest = TRY(detail::read_file(bag / "tagmanifest-sha256.txt"));
  for (const auto& line : TRY(detail::parse_manifest(tagmanifest, "tagmanifest-sha256.txt"))) {
    if (TRY(crypto::sha256_file(bag / line.path)).sha256 != line.sha256) {
      return Error("the local case file is damaged, so it is not shipped: " + line.path +
                   " does not match tagmanifest-sha256.txt — keep it for investigation");
    }
  }
  // The payload, then the tag files, then case.sig: a case with its case.sig in the archive is complete there.
  // The payload's hashes are the manifest's, just verified against the files; the tag files are hashed here.
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& line :
       TRY(detail::parse_manifest(TRY(detail::read_file(bag / "manifest-sha256.txt")), "manifest-sha256.txt"))) {
    files.emplace_back(line.path, line.sha256);
  }
  std::vector<std::string> tags{"bagit.txt", "bag-info.txt", "manifest-sha256.txt"};
  std::error_code error;
  if (fs::exists(bag / "manifest-sm3.txt", error)) tags.emplace_back("manifest-sm3.txt");
  tags.emplace_back("tagmanifest-sha256.txt");
  if (fs::exists(bag / "case.sig", error)) tags.emplace_back("case.sig");
  for (const std::string& tag : tags) files.emplace_back(tag, TRY(crypto::sha256_file(bag / tag)).sha256);
  ShipReport report;
  report.files = static_cast<int>(files.size());
  for (std::size_t index = 0; index < files.size(); ++index) {
    const auto& [file, sha256] = files[index];
    const std::uint64_t bytes = fs::file_size(bag / file, error);
    if (error) return Error("cannot read " + (bag / file).string() + ": " + error.message());
    const std::string key = key_prefix + file;
    if (TRY(sink.holds(key, bag / file, bytes, sha256))) {
      ++report.already_held;
    } else {
      if (index + 1 < files.size()) {
        const fs::path next = bag / files[index + 1].first;
        sink.prepare(next, fs::file_size(next, error));
      }
      TRY(sink.put(key, bag / file, bytes, sha256));
      ++report.sent;
      report.bytes_sent += bytes;
    }
    if (progress) progress(key);
  }
  return report;
}

std::int64_t backoff_ms(int attempt, std::int64_t base_ms, std::int64_t cap_ms, std::int64_t retry_after_ms,
                        std::mt19937_64& random) {
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const std::int64_t ceiling = std::min(cap_ms, base_ms << std::min(doublings, 20));
  std::uniform_int_distribution<std::int64_t> full_jitter(0, std::max<std::int64_t>(ceiling, 0));
  // A server's Retry-After is heeded up to the cap: no wait is longer than the cap (the archive queue counts on it
  // to tell a retry the wall clock was set back under).
  return std::max(full_jitter(random), std::min(retry_after_ms, cap_ms));
}

}  // namespace kiosk::archive
