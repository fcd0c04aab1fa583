#include "kiosk/store/detail/database.h"
#include "kiosk/store/store.h"

namespace kiosk::store {

Expected<std::int64_t> CaseNumberCounter::next(std::string_view scope) {
  detail::Statement next = TRY(
      database_.prepare("INSERT INTO case_numbers (scope, last_sequence) VALUES (?1, 1) "
                        "ON CONFLICT (scope) DO UPDATE SET last_sequence = last_sequence + 1 RETURNING last_sequence"));
  next.bind(1, scope);
  if (!TRY(next.step())) return Error("store: the case number counter returned nothing");
  const std::int64_t sequence = next.integer(0);
  TRY(next.run());
  return sequence;
}

Expected<std::int64_t> CaseNumberCounter::last(std::string_view scope) {
  detail::Statement query = TRY(database_.prepare("SELECT last_sequence FROM case_numbers WHERE scope = ?1"));
  query.bind(1, scope);
  if (!TRY(query.step())) return std::int64_t{0};
  return query.integer(0);
}

}  // namespace kiosk::store
