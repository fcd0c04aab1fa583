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

}  // namespace kiosk::store
