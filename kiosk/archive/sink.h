// Where sealed case files go: the central archive, as S3-compatible object storage or a mounted archive share.
// A case file is shipped file by file under "<terminal>/<case-no>/…", the payload first and case.sig last, so a
// case file whose case.sig is in the archive is complete there. Keys are the bag's own paths, so shipping again
// (after a crash, a retry) puts the same bytes at the same keys: never a second copy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::archive {

// An error from a sink, with what the retry should do: wait at least `retry_after_ms` (a server's Retry-After),
// or not retry at all (credentials, a bucket that is not there: a technician must act).
struct SinkError {
  std::string message;
  bool permanent = false;
  std::int64_t retry_after_ms = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // "directory /mnt/archive", "s3 http://host:9000/bucket"
  virtual std::string describe() const = 0;
  // Whether `key` already holds exactly this local file (its bytes, not only a name or a size): then it need not
  // go again. A copy that arrived damaged is not "held", so a retry replaces it.
  virtual Expected<bool> holds(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                               const std::string& sha256) = 0;
  // Puts the file at `key` and checks what the archive then holds against `sha256`; the error says so if not.
  virtual Expected<void> put(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                             const std::string& sha256) = 0;
  // A hint that `file` comes next: a sink may read and hash it while the current one is on the wire.
  virtual void prepare(const std::filesystem::path& file, std::uint64_t bytes) {
    (void)file;
    (void)bytes;
  }
  // Whether the archive answers and would take this terminal's case files, without putting one (for `kiosk
  // doctor`): a share is mounted and writable; an S3 bucket is there and the credentials are accepted.
  virtual Expected<void> check_reachable() = 0;
  // The error of the last failed call, with its retry advice (Expected carries only the message).
  virtual SinkError last_error() const { return {}; }
};

// A mounted archive share: written under a temporary name, fsynced with its folder, renamed into place, and read
// back to check its hash.
class DirectorySink final : public Sink {
 public:
  explicit DirectorySink(std::filesystem::path root) : root_(std::move(root)) {}
  std::string describe() const override { return "directory " + root_.string(); }
  Expected<bool> holds(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                       const std::string& sha256) override;
  Expected<void> put(const std::string& key, const std::filesystem::path& file, std::uint64_t bytes,
                     const std::string& sha256) override;
  Expected<void> check_reachable() override;
  SinkError last_error() const override { return last_error_; }

 private:
  std::filesystem::path root_;
  SinkError last_error_;
};

struct ShipReport {
  int files = 0;         // in the case file
  int sent = 0;          // put this time
  int already_held = 0;  // found in the archive already (a retry, a restart)
  std::uint64_t bytes_sent = 0;
};

// Ships one sealed case file. The local copy is verified first (a damaged one is not shipped: the error says so
// and it is permanent); `progress` is told after each file.
Expected<ShipReport> ship_case(const std::filesystem::path& bag, const std::string& key_prefix, Sink& sink,
                               const std::function<void(const std::string& key)>& progress = {});

// The wait before retry `attempt` (1, 2, …): exponential from `base_ms` up to `cap_ms`, with full jitter, and never
// shorter than a server's Retry-After.
std::int64_t backoff_ms(int attempt, std::int64_t base_ms, std::int64_t cap_ms, std::int64_t retry_after_ms,
                        std::mt19937_64& random);

}  // namespace kiosk::archive
