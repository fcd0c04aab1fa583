#include "kiosk/app/archive_queue.h"

#include <fstream>
#include <sys/stat.h>

#include "kiosk/app/store_access.h"
#include "kiosk/archive/s3.h"
#include "kiosk/crypto/crypto.h"

namespace kiosk::app {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::string state_name(const store::OutboxItem& item) {
  switch (item.state) {
    case store::OutboxState::pending: return item.attempts == 0 ? "pending" : "failed";
    case store::OutboxState::in_flight: return "uploading";
    case store::OutboxState::done: return "verified";
    case store::OutboxState::failed: return "failed";
  }
  return "pending";
}

}  // namespace

Expected<std::unique_ptr<archive::Sink>> make_sink(const Config& config) {
  const ArchiveConfig& archive = config.archive;
  if (archive.sink == "directory") {
    return std::unique_ptr<archive::Sink>(std::make_unique<archive::DirectorySink>(archive.directory));
  }
  if (archive.sink == "s3") {
    struct stat info {};
    if (::stat(archive.s3_secret_key_file.c_str(), &info) != 0) {
      return Error("archive: cannot read the S3 secret key file " + archive.s3_secret_key_file.string());
    }
    if ((info.st_mode & 077) != 0) {
      return Error("archive: the S3 secret key file " + archive.s3_secret_key_file.string() +
                   " can be read by others — run: chmod 600 " + archive.s3_secret_key_file.string());
    }
    std::ifstream file(archive.s3_secret_key_file);
    std::string secret;
    std::getline(file, secret);
    if (secret.empty())
      return Error("archive: the S3 secret key file " + archive.s3_secret_key_file.string() + " is empty");
    archive::S3Settings settings;
    settings.endpoint = archive.s3_endpoint;
    settings.bucket = archive.s3_bucket;
    settings.region = archive.s3_region;
    settings.access_key = archive.s3_access_key;
    settings.secret_key = secret;
    settings.ca_file = archive.s3_ca_file.string();
    settings.client_cert = archive.s3_client_cert.string();
    settings.client_key = archive.s3_client_key.string();
    settings.lock_mode = archive.lock_mode;
    settings.retain_days = archive.retain_days;
    settings.lock_on_multipart = archive.lock_on_multipart;
    return std::unique_ptr<archive::Sink>(std::make_unique<archive::S3Sink>(std::move(settings)));
  }
  return std::unique_ptr<archive::Sink>{};
}

Expected<std::vector<ArchiveEntry>> archive_status(store::Store& store, const Config& config, Instant now) {
  std::vector<ArchiveEntry> entries;
  for (const store::OutboxItem& item : TRY(store.outbox().all())) {
    if (item.destination != "archive") continue;
    ArchiveEntry entry;
    entry.case_number = item.case_number;
    entry.state = state_name(item);
    entry.attempts = item.attempts;
    entry.last_error = item.last_error;
    entry.location = item.location;
    entry.verified_unix_ms = item.done_unix_ms;
    entry.next_attempt_unix_ms = item.next_attempt_unix_ms;
    entry.ended_unix_ms = item.created_unix_ms;
    if (const auto record = TRY(store.cases().find(item.case_number)); record && record->closed_at) {
      entry.ended_unix_ms = record->closed_at->unix_ms;
    }
    entry.deadline_unix_ms = entry.ended_unix_ms + config.archive.deadline_days * kDayMs;
    if (!entry.verified_unix_ms) {
      if (now.unix_ms >= entry.deadline_unix_ms) {
        entry.level = DeadlineLevel::overdue;
      } else if (now.unix_ms >= entry.ended_unix_ms + config.archive.warn_days * kDayMs) {
        entry.level = DeadlineLevel::warning;
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

ArchiveQueue::ArchiveQueue(store::Store& store, const Config& config, archive::Sink& sink, const media::Clock& clock,
                           std::uint64_t seed)
    : store_(store), config_(config), sink_(sink), clock_(clock), random_(seed) {}

Expected<int> ArchiveQueue::run_once() {
  int verified = 0;
  // No backoff waits longer than the cap (a minute's margin): a retry planned further ahead is one the wall clock
  // was set back under, and is due now.
  const std::int64_t horizon_ms = config_.archive.retry_cap_seconds * 1000LL + 60'000;
  for (const store::OutboxItem& item : TRY(store_.outbox().due(clock_.now().unix_ms, 100, horizon_ms))) {
    if (item.destination != "archive") continue;
    TRY(store_.outbox().mark_in_flight(item.id));
    const std::filesystem::path bag = config_.data_dir / item.artifact;
    // Keys: the bag's place under the cases folder — <terminal>/<case-no>/<file>.
    const std::string prefix = std::filesystem::path(item.artifact).lexically_relative("cases").generic_string() + "/";
    auto shipped = archive::ship_case(bag, prefix, sink_);
    if (shipped) {
      const AuditEvent event{item.case_number,
                             "archive.verified",
                             "system",
                             clock_.now(),
                             {{"sink", sink_.describe()},
                              {"files", std::to_string(shipped->files)},
                              {"sent", std::to_string(shipped->sent)},
                              {"already_held", std::to_string(shipped->already_held)},
                              {"bytes_sent", std::to_string(shipped->bytes_sent)}}};
      // Done and its audit event together: a crash between the two must not leave one without the other.
      TRY(store_.transaction([&]() -> Expected<void> {
        TRY(store_.outbox().mark_done(item.id, clock_.now().unix_ms, sink_.describe() + "/" + prefix));
        TRY(store_.audit().append(event));
        return {};
      }));
      ++verified;
      continue;
    }
    const archive::SinkError sink_error = sink_.last_error();
    const std::int64_t wait =
        archive::backoff_ms(item.attempts + 1, config_.archive.retry_base_seconds * 1000LL,
                            config_.archive.retry_cap_seconds * 1000LL, sink_error.retry_after_ms, random_);
    TRY(store_.outbox().mark_failed(item.id, shipped.error().message(), clock_.now().unix_ms + wait));
  }
  TRY(release_due());
  return verified;
}

Expected<int> ArchiveQueue::release_due() {
  int released = 0;
  const std::int64_t now = clock_.now().unix_ms;
  for (const store::OutboxItem& item : TRY(store_.outbox().all())) {
    if (item.destination != "archive" || item.state != store::OutboxState::done || !item.done_unix_ms) continue;
    if (*item.done_unix_ms + config_.archive.local_retention_days * kDayMs > now) continue;
    const std::filesystem::path bag = config_.data_dir / item.artifact;
    const std::filesystem::path recording = config_.recordings_root() / item.case_number;
    std::error_code error;
    if (!std::filesystem::exists(bag, error) && !std::filesystem::exists(recording, error)) continue;
    // The last look before anything goes: the archive still holds the case's signature, the file shipped last.
    if (std::filesystem::exists(bag / "case.sig", error)) {
      const auto signature = TRY(crypto::sha256_file(bag / "case.sig"));
      const std::string key =
          std::filesystem::path(item.artifact).lexically_relative("cases").generic_string() + "/case.sig";
      if (!TRY(sink_.holds(key, bag / "case.sig", signature.bytes, signature.sha256))) {
        return Error("archive: " + item.case_number +
                     " was verified, but the archive no longer holds its case.sig — "
                     "the local copy is kept; ask the archive's keepers");
      }
    }
    std::filesystem::remove_all(bag, error);
    std::filesystem::remove_all(recording, error);
    if (error) return Error("archive: cannot release the local copy of " + item.case_number + ": " + error.message());
    TRY(store_.audit().append(AuditEvent{
        item.case_number,
        "archive.local_copy_released",
        "system",
        clock_.now(),
        {{"archived_at", item.location}, {"retention_days", std::to_string(config_.archive.local_retention_days)}}}));
    ++released;
  }
  return released;
}

Expected<std::unique_ptr<ArchiveUploader>> ArchiveUploader::start(const Config& config, const media::Clock& clock,
                                                                  std::chrono::milliseconds interval) {
  std::unique_ptr<ArchiveUploader> uploader(new ArchiveUploader());
  uploader->sink_ = TRY(make_sink(config));
  if (!uploader->sink_) return Error("archive: archive.sink is \"none\" — there is nowhere to ship case files to");
  uploader->store_.emplace(TRY(open_store(config)));
  uploader->queue_ = std::make_unique<ArchiveQueue>(*uploader->store_, config, *uploader->sink_, clock);
  uploader->interval_ = interval;
  uploader->thread_ = std::thread([raw = uploader.get()] { raw->run(); });
  return uploader;
}

ArchiveUploader::~ArchiveUploader() {
  stop();
}

void ArchiveUploader::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  wake_.notify_all();
}

void ArchiveUploader::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

std::string ArchiveUploader::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void ArchiveUploader::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pass = queue_->run_once();
    lock.lock();
    last_error_ = pass ? "" : pass.error().message();
    wake_.wait_for(lock, interval_, [&] { return stopping_ || woken_; });
    woken_ = false;
  }
}

}  // namespace kiosk::app
