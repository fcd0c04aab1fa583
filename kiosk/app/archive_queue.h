// The way sealed case files leave the terminal: the outbox, shipped to the configured sink on a thread of its own,
// at least once, each file at a key of its own (so a retry never makes a second copy), with exponential backoff
// and full jitter between attempts, surviving restarts (an item left "uploading" by a crash is due again at once).
// What the archive holds is checked as it is written; the legal deadline (30 days from the intake's end) is
// watched for every case not yet archived.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/config.h"
#include "kiosk/archive/sink.h"
#include "kiosk/media/clock.h"
#include "kiosk/store/store.h"

namespace kiosk::app {

// The configured sink, or nothing when the config keeps case files on the terminal (archive.sink = "none").
Expected<std::unique_ptr<archive::Sink>> make_sink(const Config& config);

enum class DeadlineLevel { ok, warning, overdue };

struct ArchiveEntry {
  std::string case_number;
  std::string state;  // pending, uploading, verified, failed
  int attempts = 0;
  std::string last_error;
  std::string location;
  std::int64_t ended_unix_ms = 0;     // the intake's end (closed, or sealed when it never closed)
  std::int64_t deadline_unix_ms = 0;  // by when the law wants it archived
  std::optional<std::int64_t> verified_unix_ms;
  DeadlineLevel level = DeadlineLevel::ok;  // for what is not yet verified
  std::int64_t next_attempt_unix_ms = 0;
};

// Every case file in the outbox with its state and deadline, oldest first.
Expected<std::vector<ArchiveEntry>> archive_status(store::Store& store, const Config& config, Instant now);

class ArchiveQueue {
 public:
  ArchiveQueue(store::Store& store, const Config& config, archive::Sink& sink, const media::Clock& clock,
               std::uint64_t seed = std::random_device{}());
  // Ships every item that is due; returns how many were verified in the archive. Failures are recorded on the
  // item (with when to try again), not returned: the queue goes on with the next. Then releases what is due.
  Expected<int> run_once();
  // Removes the terminal's copy (case file and recording) of every case the archive verified at least
  // archive.local_retention_days ago, once the archive is seen to hold its case.sig still; an audit event each.
  // Returns how many were released.
  Expected<int> release_due();

 private:
  store::Store& store_;
  const Config& config_;
  archive::Sink& sink_;
  const media::Clock& clock_;
  std::mt19937_64 random_;
};

// The queue on its own thread with its own database connection: a pass every `interval`, and at once when woken
// (a case was sealed). stop() waits for the pass under way.
class ArchiveUploader {
 public:
  static Expected<std::unique_ptr<ArchiveUploader>> start(const Config& config, const media::Clock& clock,
                                                          std::chrono::milliseconds interval);
  ~ArchiveUploader();
  void wake();
  void stop();
  std::string last_error() const;

 private:
  ArchiveUploader() = default;
  void run();
  std::optional<store::Store> store_;
  std::unique_ptr<archive::Sink> sink_;
  std::unique_ptr<ArchiveQueue> queue_;
  std::chrono::milliseconds interval_{0};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace kiosk::app
