// Outbox: what must leave the terminal (sealed case files to the archive), queued in the same transaction as the
// fact that produced it, so nothing sealed is ever forgotten by a crash between the two.
#include "kiosk/store/detail/database.h"
#include "kiosk/store/store.h"

namespace kiosk::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, case_number, artifact, destination, state, attempts, next_attempt_unix_ms, last_error, "
    "created_unix_ms, done_unix_ms, location FROM outbox ";

Expected<OutboxItem> read_item(const detail::Statement& row) {
  OutboxItem item;
  item.id = row.integer(0);
  item.case_number = row.text(1);
  item.artifact = row.text(2);
  item.destination = row.text(3);
  const std::string state = row.text(4);
  if (state == "pending")
    item.state = OutboxState::pending;
  else if (state == "in_flight")
    item.state = OutboxState::in_flight;
  else if (state == "done")
    item.state = OutboxState::done;
  else if (state == "failed")
    item.state = OutboxState::failed;
  else
    return Error("store: outbox row " + std::to_string(item.id) + " has unknown state \"" + state + "\"");
  item.attempts = row.int32(5);
  item.next_attempt_unix_ms = row.integer(6);
  item.last_error = row.text(7);
  item.created_unix_ms = row.integer(8);
  if (!row.is_null(9)) item.done_unix_ms = row.integer(9);
  item.location = row.text(10);
  return item;
}

Expected<std::vector<OutboxItem>> read_all(detail::Statement& query) {
  std::vector<OutboxItem> items;
  while (TRY(query.step())) items.push_back(TRY(read_item(query)));
  return items;
}

}  // namespace

Expected<std::int64_t> Outbox::enqueue(std::string_view case_number, std::string_view artifact,
                                       std::string_view destination, std::int64_t now_unix_ms) {
  detail::Statement insert = TRY(database_.prepare(
      "INSERT INTO outbox (case_number, artifact, destination, state, next_attempt_unix_ms, created_unix_ms) "
      "VALUES (?1, ?2, ?3, 'pending', ?4, ?4) ON CONFLICT (artifact, destination) DO NOTHING"));
  TRY(insert.bind(1, case_number).bind(2, artifact).bind(3, destination).bind(4, now_unix_ms).run());
  detail::Statement id = TRY(database_.prepare("SELECT id FROM outbox WHERE artifact = ?1 AND destination = ?2"));
  id.bind(1, artifact).bind(2, destination);
  if (!TRY(id.step())) return Error("store: outbox entry for " + std::string(artifact) + " vanished");
  return id.integer(0);
}

Expected<std::vector<OutboxItem>> Outbox::due(std::int64_t now_unix_ms, int limit, std::int64_t horizon_ms) {
  detail::Statement query =
      TRY(database_.prepare(std::string(kSelect) +
                            "WHERE state IN ('pending', 'failed', 'in_flight') AND (next_attempt_unix_ms <= ?1 OR "
                            "next_attempt_unix_ms > ?1 + ?3) ORDER BY id LIMIT ?2"));
  query.bind(1, now_unix_ms).bind(2, limit).bind(3, horizon_ms);
  return read_all(query);
}

Expected<std::vector<OutboxItem>> Outbox::all() {
  detail::Statement query = TRY(database_.prepare(std::string(kSelect) + "ORDER BY id"));
  return read_all(query);
}

Expected<void> Outbox::mark_in_flight(std::int64_t id) {
  detail::Statement update = TRY(database_.prepare("UPDATE outbox SET state = 'in_flight' WHERE id = ?1"));
  return update.bind(1, id).run();
}

Expected<void> Outbox::mark_done(std::int64_t id, std::int64_t at_unix_ms, std::string_view location) {
  detail::Statement update = TRY(database_.prepare(
      "UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = '', done_unix_ms = ?2, location = ?3 "
      "WHERE id = ?1"));
  return update.bind(1, id).bind(2, at_unix_ms).bind(3, location).run();
}

Expected<void> Outbox::mark_failed(std::int64_t id, std::string_view error, std::int64_t next_attempt_unix_ms) {
  detail::Statement update = TRY(database_.prepare(
      "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2, next_attempt_unix_ms = ?3 "
      "WHERE id = ?1"));
  return update.bind(1, id).bind(2, error).bind(3, next_attempt_unix_ms).run();
}

}  // namespace kiosk::store
