#include "kiosk/store/store.h"

#include "kiosk/store/detail/database.h"
#include "kiosk/store/detail/migrations.h"
#include "kiosk/store/detail/parties.h"

namespace kiosk::store {
namespace {

Expected<std::string> pragma_text(detail::Database& database, std::string_view sql) {
  detail::Statement statement = TRY(database.prepare(sql));
  if (!TRY(statement.step())) return std::string();
  return statement.text(0);
}

// WAL with synchronous=FULL: a commit that returned survives a power cut (NORMAL may lose the last ones).
Expected<void> configure(detail::Database& database) {
  TRY(database.execute("PRAGMA busy_timeout = 5000"));
  const std::string journal = TRY(pragma_text(database, "PRAGMA journal_mode = WAL"));
  if (journal != "wal") {
    return Error("database " + database.path().string() + ": could not switch to WAL (got " + journal +
                 ") — put the data directory on a local filesystem");
  }
  // secure_delete: a value overwritten or deleted is zeroed in its page, not left behind in free space.
  TRY(database.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"));
  return {};
}

Expected<void> migrate(detail::Database& database) {
  const auto known = detail::migrations();
  const int version = std::stoi(TRY(pragma_text(database, "PRAGMA user_version")));
  if (version > static_cast<int>(known.size())) {
    return Error("database " + database.path().string() + " has schema version " + std::to_string(version) +
                 ", newer than this kiosk knows (" + std::to_string(known.size()) +
                 ") — install the kiosk version that wrote it");
  }
  for (auto next = static_cast<std::size_t>(version); next < known.size(); ++next) {
    TRY(database.execute("BEGIN IMMEDIATE"));
    auto applied = database.execute(known[next]);
    if (applied) applied = database.execute("PRAGMA user_version = " + std::to_string(next + 1));
    if (applied) applied = database.execute("COMMIT");
    if (!applied) {
      (void)database.execute("ROLLBACK");
      return std::move(applied).error().within("migrating the schema to version " + std::to_string(next + 1));
    }
  }
  return {};
}

}  // namespace

Expected<Store> Store::open(const std::filesystem::path& database_path, const crypto::PersonalDataKey& personal_key) {
  detail::Database database = TRY(detail::Database::open(database_path));
  TRY(configure(database));
  TRY(migrate(database));
  TRY(detail::check_personal_key(database, personal_key));
  TRY(detail::seal_plain_parties(database, personal_key));
  Store store;
  store.database_ = std::make_unique<detail::Database>(std::move(database));
  store.personal_key_ = std::make_unique<crypto::PersonalDataKey>(personal_key);
  store.case_numbers_ = std::make_unique<CaseNumberCounter>(*store.database_);
  store.cases_ = std::make_unique<CaseRepository>(*store.database_, *store.personal_key_);
  store.audit_ = std::make_unique<AuditLog>(*store.database_);
  store.outbox_ = std::make_unique<Outbox>(*store.database_);
  store.staff_ = std::make_unique<StaffRepository>(*store.database_);
  return store;
}

Expected<bool> Store::records_personal_key(const std::filesystem::path& database_path) {
  std::error_code error;
  if (!std::filesystem::exists(database_path, error)) return false;
  detail::Database database = TRY(detail::Database::open(database_path));
  TRY(database.execute("PRAGMA busy_timeout = 5000"));
  detail::Statement table =
      TRY(database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_keys'"));
  if (!TRY(table.step())) return false;
  detail::Statement key = TRY(database.prepare("SELECT 1 FROM store_keys WHERE purpose = 'personal_data'"));
  return TRY(key.step());
}

Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

int Store::current_schema_version() {
  return static_cast<int>(detail::migrations().size());
}

Expected<int> Store::schema_version() {
  return std::stoi(TRY(pragma_text(*database_, "PRAGMA user_version")));
}

Expected<void> Store::transaction(const std::function<Expected<void>()>& work) {
  if (transaction_depth_ > 0) return work();
  TRY(database_->execute("BEGIN IMMEDIATE"));
  ++transaction_depth_;
  Expected<void> result = work();
  --transaction_depth_;
  if (result) result = database_->execute("COMMIT");
  if (!result) (void)database_->execute("ROLLBACK");
  return result;
}

Expected<void> Store::check_integrity() {
  detail::Statement integrity = TRY(database_->prepare("PRAGMA integrity_check"));
  std::string problems;
  while (TRY(integrity.step())) {
    const std::string line = integrity.text(0);
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (!problems.empty()) {
    return Error("database " + database_->path().string() + " fails integrity_check: " + problems +
                 " — keep the file for investigation and restore the last backup");
  }
  detail::Statement foreign_keys = TRY(database_->prepare("PRAGMA foreign_key_check"));
  if (TRY(foreign_keys.step())) {
    return Error("database " + database_->path().string() + ": table " + foreign_keys.text(0) + " row " +
                 std::to_string(foreign_keys.integer(1)) + " points at a missing " + foreign_keys.text(2) +
                 " row — keep the file for investigation");
  }
  return {};
}

}  // namespace kiosk::store
