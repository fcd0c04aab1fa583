// A thin RAII layer over sqlite3: one connection, prepared statements, errors as values with remedies.
// Private to kiosk/store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::store::detail {

class Database;

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::int64_t>& value);

  // True when a row is ready, false when the statement is done.
  Expected<bool> step();
  // Runs to completion (for statements that return no rows).
  Expected<void> run();

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  int int32(int column) const { return static_cast<int>(integer(column)); }
  bool is_null(int column) const;

 private:
  friend class Database;
  Statement(Database& database, sqlite3_stmt* statement) : database_(&database), statement_(statement) {}
  Database* database_;
  sqlite3_stmt* statement_;
};

class Database {
 public:
  static Expected<Database> open(const std::filesystem::path& path);
  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;
  ~Database();

  Expected<Statement> prepare(std::string_view sql);
  // Runs one or more statements that return no rows.
  Expected<void> execute(std::string_view sql);

  // The error for the connection's last failure, with what to do about it.
  Error error(int code, std::string_view doing) const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() { return handle_; }

 private:
  Database(sqlite3* handle, std::filesystem::path path) : handle_(handle), path_(std::move(path)) {}
  sqlite3* handle_;
  std::filesystem::path path_;
};

}  // namespace kiosk::store::detail
