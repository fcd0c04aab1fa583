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
  fs::rename(partial, target, error);
  if (error) {
    last_error_ = {"cannot move " + partial.string() + " into place: " + error.message(), false, 0};
    return Error(last_error_.message);
  }
  TRY(detail::sync_directory(target.parent_path()));
  // Read back what the share now holds: a share that lost or bent the bytes is caught here, not at an audit.
  const crypto::FileDigest digest = TRY(crypto::sha256_file(target));
  if (digest.sha256 != sha256 || digest.bytes != bytes) {
    last_error_ = {"the archive share holds other bytes at " + key + " than were written (SHA-256 " +
                       digest.sha256.substr(0, 16) + "…, expected " + sha256.substr(0, 16) + "…)",
                   false, 0};
    return Error(last_error_.message);
  }
  return {};
}

Expected<ShipReport> ship_case(const fs::path& bag, const std::string& key_prefix, Sink& sink,
                               const std::function<void(const std::string& key)>& progress) {
  if (auto local = verify_bag(bag); !local) {
    return Error("the local case file is damaged, so it is not shipped: " + local.error().message() +
                 " — keep it for investigation");
  }
  // The payload, then the tag files, then case.sig: a case with its case.sig in the archive is complete there.
  std::vector<std::string> files;
  for (const auto& line :
       TRY(detail::parse_manifest(TRY(detail::read_file(bag / "manifest-sha256.txt")), "manifest-sha256.txt"))) {
    files.push_back(line.path);
  }
  for (const char* tag : {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"}) {
    files.emplace_back(tag);
  }
  std::error_code error;
  if (fs::exists(bag / "case.sig", error)) files.emplace_back("case.sig");
  ShipReport report;
  report.files = static_cast<int>(files.size());
  for (const std::string& file : files) {
    const crypto::FileDigest digest = TRY(crypto::sha256_file(bag / file));
    const std::string key = key_prefix + file;
    if (TRY(sink.holds(key, bag / file, digest.bytes, digest.sha256))) {
      ++report.already_held;
    } else {
      TRY(sink.put(key, bag / file, digest.bytes, digest.sha256));
      ++report.sent;
      report.bytes_sent += digest.bytes;
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
  return std::max(full_jitter(random), retry_after_ms);
}

}  // namespace kiosk::archive
