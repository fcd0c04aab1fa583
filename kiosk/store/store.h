// kiosk/store — everything the kiosk keeps, in one SQLite database: WAL, synchronous=FULL, foreign keys on,
// schema migrations by user_version. Repositories for the domain, a hash-chained append-only audit log, and the
// outbox (written in the same transaction as the fact it ships).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/audit_event.h"
#include "kiosk/core/case.h"
#include "kiosk/core/error.h"
#include "kiosk/core/staff.h"
#include "kiosk/crypto/personal_key.h"

namespace kiosk::store {

namespace detail {
class Database;
}

// The hash that stands before the first audit row.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// Case numbers: one counter per scope (the year, or "all"), incremented inside the transaction that creates
// the case, so a number is used exactly when its case exists — consecutive, without gaps.
class CaseNumberCounter {
 public:
  explicit CaseNumberCounter(detail::Database& database) : database_(database) {}
  Expected<std::int64_t> next(std::string_view scope);
  Expected<std::int64_t> last(std::string_view scope);

 private:
  detail::Database& database_;
};

struct CaseSummary {
  std::string number;
  IntakeState state = IntakeState::opened;
  std::int64_t opened_unix_ms = 0;
  std::string outcome;
};

// The party's names, ID numbers, phones and addresses are sealed under the personal-data key as they are saved and
// opened as they are loaded; nothing else in the store holds them in clear.
class CaseRepository {
 public:
  CaseRepository(detail::Database& database, const crypto::PersonalDataKey& key) : database_(database), key_(key) {}
  // Writes the whole aggregate (party, materials, decision, references) as it is now.
  Expected<void> save(const Case& record);
  Expected<std::optional<Case>> find(std::string_view number);
  // Cases that are not yet sealed: after a restart each is continued or sealed as abandoned.
  Expected<std::vector<std::string>> unsealed();
  // The case this terminal sealed last and its seal hash: the link the next sealed case records (the chain).
  Expected<std::optional<std::pair<std::string, std::string>>> last_sealed(std::string_view terminal_id);
  Expected<std::vector<CaseSummary>> list(int limit);
  // The cases whose party, or its agent, holds this ID number: found by its keyed hash, oldest first.
  Expected<std::vector<std::string>> with_id_number(std::string_view id_number);

 private:
  detail::Database& database_;
  const crypto::PersonalDataKey& key_;
};

struct ChainReport {
  std::int64_t rows = 0;
  std::string head_hash;  // the hash of the last row (kGenesisHash when empty)
};

// Append-only (triggers refuse UPDATE and DELETE). Row n stores hash(n) = SHA-256(hash(n-1) "\n" canonical(n)).
class AuditLog {
 public:
  explicit AuditLog(detail::Database& database) : database_(database) {}
  Expected<ChainedAuditEvent> append(const AuditEvent& event);
  Expected<std::vector<ChainedAuditEvent>> of_case(std::string_view case_number);
  // Walks the whole chain; the error names the first row that does not verify and why.
  Expected<ChainReport> verify();

 private:
  detail::Database& database_;
};

// The canonical content of an audit row that its hash covers: a compact JSON array.
std::string canonical_audit_content(std::int64_t sequence, const AuditEvent& event);

enum class OutboxState { pending, in_flight, done, failed };

struct OutboxItem {
  std::int64_t id = 0;
  std::string case_number;
  std::string artifact;     // what to ship: a sealed case file's path, relative to the data directory
  std::string destination;  // which sink: "archive"
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  std::int64_t next_attempt_unix_ms = 0;
  std::string last_error;
  std::int64_t created_unix_ms = 0;
  std::optional<std::int64_t> done_unix_ms;  // when the destination verified it
  std::string location;                      // where the destination holds it
};

class Outbox {
 public:
  explicit Outbox(detail::Database& database) : database_(database) {}
  // Idempotent: the same artifact for the same destination is queued once.
  Expected<std::int64_t> enqueue(std::string_view case_number, std::string_view artifact, std::string_view destination,
                                 std::int64_t now_unix_ms);
  // Items due at `now`, and items planned more than `horizon_ms` ahead — further than any backoff waits, so the wall
  // clock was set back since (the retry would otherwise wait for the time the clock gave back).
  Expected<std::vector<OutboxItem>> due(std::int64_t now_unix_ms, int limit, std::int64_t horizon_ms);
  Expected<std::vector<OutboxItem>> all();
  // Being shipped now (a crash leaves it so; it is due again at once).
  Expected<void> mark_in_flight(std::int64_t id);
  Expected<void> mark_done(std::int64_t id, std::int64_t at_unix_ms, std::string_view location);
  Expected<void> mark_failed(std::int64_t id, std::string_view error, std::int64_t next_attempt_unix_ms);

 private:
  detail::Database& database_;
};

// Wrong PINs in a row for a staff id, and until when (wall clock) it is locked; 0 when it is not.
struct SignInFailures {
  std::string staff_id;
  int failures = 0;
  std::int64_t locked_until_unix_ms = 0;

  friend bool operator==(const SignInFailures&, const SignInFailures&) = default;
};

class StaffRepository {
 public:
  explicit StaffRepository(detail::Database& database) : database_(database) {}
  Expected<void> save(const Staff& staff);
  Expected<std::optional<Staff>> find(std::string_view id);
  // The sign-in lockout's state, so a restart does not lift a lock.
  Expected<void> save_failures(const SignInFailures& failures);
  Expected<void> clear_failures(std::string_view staff_id);
  Expected<std::vector<SignInFailures>> failures();

 private:
  detail::Database& database_;
};

class Store {
 public:
  // `personal_key` seals the personal data (kiosk/crypto/personal_key.h). A database that recorded another key
  // refuses to open; one written before encryption has its plain rows sealed now.
  static Expected<Store> open(const std::filesystem::path& database_path, const crypto::PersonalDataKey& personal_key);
  // Whether the database at `path` already recorded a personal-data key: then a missing key file must be restored,
  // never made anew. False when there is no database yet.
  static Expected<bool> records_personal_key(const std::filesystem::path& database_path);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // The schema version this build writes.
  static int current_schema_version();
  Expected<int> schema_version();

  // Runs `work` in one IMMEDIATE transaction: all of it is committed, or none. A call inside `work` joins it.
  Expected<void> transaction(const std::function<Expected<void>()>& work);

  // PRAGMA integrity_check and foreign_key_check.
  Expected<void> check_integrity();

  CaseNumberCounter& case_numbers() { return *case_numbers_; }
  CaseRepository& cases() { return *cases_; }
  AuditLog& audit() { return *audit_; }
  Outbox& outbox() { return *outbox_; }
  StaffRepository& staff() { return *staff_; }

 private:
  Store() = default;
  std::unique_ptr<detail::Database> database_;
  std::unique_ptr<crypto::PersonalDataKey> personal_key_;
  std::unique_ptr<CaseNumberCounter> case_numbers_;
  std::unique_ptr<CaseRepository> cases_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<StaffRepository> staff_;
  int transaction_depth_ = 0;
};

}  // namespace kiosk::store
