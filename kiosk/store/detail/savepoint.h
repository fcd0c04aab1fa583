#pragma once

#include <string>

#include "kiosk/store/detail/database.h"

namespace kiosk::store::detail {

// Runs `work` inside a SAVEPOINT, so a repository write is atomic alone and nests inside a Store transaction.
template <typename Work>
Expected<void> within_savepoint(Database& database, const std::string& name, Work&& work) {
  TRY(database.execute("SAVEPOINT " + name));
  Expected<void> result = work();
  if (result) result = database.execute("RELEASE " + name);
  if (!result) (void)database.execute("ROLLBACK TO " + name + "; RELEASE " + name);
  return result;
}

}  // namespace kiosk::store::detail
