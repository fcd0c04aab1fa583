#include "kiosk/store/detail/database.h"
#include "kiosk/store/store.h"

namespace kiosk::store {

Expected<void> StaffRepository::save(const Staff& staff) {
  TRY(validate(staff));
  detail::Statement upsert = TRY(database_.prepare(
      "INSERT INTO staff (id, name, certificate_number) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET "
      "name = excluded.name, certificate_number = excluded.certificate_number"));
  return upsert.bind(1, staff.id).bind(2, staff.name).bind(3, staff.certificate_number).run();
}

Expected<std::optional<Staff>> StaffRepository::find(std::string_view id) {
  detail::Statement query = TRY(database_.prepare("SELECT id, name, certificate_number FROM staff WHERE id = ?1"));
  query.bind(1, id);
  if (!TRY(query.step())) return std::optional<Staff>();
  return std::optional<Staff>(Staff{query.text(0), query.text(1), query.text(2)});
}

Expected<void> StaffRepository::save_failures(const SignInFailures& failures) {
  detail::Statement upsert = TRY(
      database_.prepare("INSERT INTO sign_in_failures (staff_id, failures, locked_until_unix_ms) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures, "
                        "locked_until_unix_ms = excluded.locked_until_unix_ms"));
  return upsert.bind(1, failures.staff_id).bind(2, failures.failures).bind(3, failures.locked_until_unix_ms).run();
}

Expected<void> StaffRepository::clear_failures(std::string_view staff_id) {
  detail::Statement remove = TRY(database_.prepare("DELETE FROM sign_in_failures WHERE staff_id = ?1"));
  return remove.bind(1, staff_id).run();
}

Expected<std::vector<SignInFailures>> StaffRepository::failures() {
  detail::Statement query =
      TRY(database_.prepare("SELECT staff_id, failures, locked_until_unix_ms FROM sign_in_failures ORDER BY staff_id"));
  std::vector<SignInFailures> all;
  while (TRY(query.step())) all.push_back(SignInFailures{query.text(0), query.int32(1), query.integer(2)});
  return all;
}

}  // namespace kiosk::store
