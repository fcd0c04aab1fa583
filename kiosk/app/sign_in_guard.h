// Lockout after repeated wrong PINs: a staff id that gets `attempts` wrong PINs in a row is locked for `lock_for`,
// even against the right PIN, so a PIN cannot be guessed at the counter. Times are on the monotonic clock, so
// setting the wall clock back does not lift a lock. Unknown ids count like known ones (no hint which exist). The
// counter keeps the counts and locks in the database as well and restores them at start (`restore`), so a restart
// does not lift a lock either; a supervisor may lift one (`unlock`). Every failure, lock and unlock is an audit
// event.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::app {

class SignInGuard {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SignInGuard(int attempts = 5, std::chrono::minutes lock_for = std::chrono::minutes(15))
      : attempts_(attempts), lock_for_(lock_for) {}

  // Whether `id` may try now; the error says until when it may not.
  Expected<void> may_try(const std::string& id, Clock::time_point now) const;
  // A wrong PIN (or id): the error to show, with the tries left or the lock.
  Error failed(const std::string& id, Clock::time_point now);
  void succeeded(const std::string& id) { failures_.erase(id); }
  bool locked(const std::string& id, Clock::time_point now) const { return !may_try(id, now); }
  // Wrong PINs in a row so far (the count that locks, while locked).
  int failures(const std::string& id) const;
  // As a restart found it in the database: `failures` in a row, locked until `locked_until` when they reached the
  // limit.
  void restore(const std::string& id, int failures, Clock::time_point locked_until);
  // A supervisor lifts the lock (or the count of wrong PINs).
  void unlock(const std::string& id) { failures_.erase(id); }
  std::vector<std::string> locked_ids(Clock::time_point now) const;
  std::chrono::minutes lock_for() const { return lock_for_; }

 private:
  struct Failures {
    int count = 0;
    Clock::time_point locked_until{};
  };
  int attempts_;
  std::chrono::minutes lock_for_;
  std::map<std::string, Failures> failures_;
};

}  // namespace kiosk::app
