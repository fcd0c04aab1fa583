#include "kiosk/store/detail/database.h"

namespace kiosk::store::detail {

Statement::Statement(Statement&& other) noexcept : database_(other.database_), statement_(other.statement_) {
  other.statement_ = nullptr;
}

Statement::~Statement() {
  sqlite3_finalize(statement_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Expected<bool> Statement::step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return database_->error(code, sqlite3_sql(statement_));
}

Expected<void> Statement::run() {
  while (TRY(step())) {
  }
  return {};
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  if (bytes == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(bytes),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Expected<Database> Database::open(const std::filesystem::path& path) {
  sqlite3* handle = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database database(handle, path);
  if (code != SQLITE_OK) return database.error(code, "opening the database");
  sqlite3_extended_result_codes(handle, 1);
  return database;
}

Database::Database(Database&& other) noexcept : handle_(other.handle_), path_(std::move(other.path_)) {
  other.handle_ = nullptr;
}

Database::~Database() {
  sqlite3_close_v2(handle_);
}

Expected<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v2(handle_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code != SQLITE_OK) return error(code, sql);
  return Statement(*this, statement);
}

Expected<void> Database::execute(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int code = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (code != SQLITE_OK) return error(code, sql);
  return {};
}

Error Database::error(int code, std::string_view doing) const {
  const std::string where = "database " + path_.string();
  const std::string detail = handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(code);
  std::string remedy;
  switch (code & 0xff) {
    case SQLITE_FULL: remedy = "the disk is full — free space in the data directory; nothing committed was lost"; break;
    case SQLITE_CANTOPEN:
      remedy = "cannot open it — check that the data directory exists and the service user may write it";
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      remedy = "it is read-only for this user — give the service user write access to the data directory";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      remedy = "the file is damaged or not a kiosk database — run `kiosk store check` and call a technician";
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: remedy = "another process holds it — stop the other kiosk instance"; break;
    case SQLITE_IOERR: remedy = "the disk reported an I/O error — check the storage device"; break;
    case SQLITE_CONSTRAINT: remedy = "a record broke a rule of the schema"; break;
    default: remedy = "unexpected database error"; break;
  }
  std::string statement(doing.substr(0, 60));
  return Error(where + ": " + remedy + " (" + detail + "; while " + statement + ")");
}

}  // namespace kiosk::store::detail
