// Staff at the counter: sign-in against the roster, with the lockout after repeated wrong PINs kept in the database
// so that a restart does not lift it, and a supervisor's unlock. Every failure, lock and unlock is an audit event.
#include <algorithm>

#include "kiosk/app/counter.h"
#include "kiosk/app/detail/counter_state.h"
#include "kiosk/app/log.h"

namespace kiosk::app {
namespace {

std::int64_t lock_ms(const SignInGuard& guard) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(guard.lock_for()).count();
}

}  // namespace

Expected<void> Counter::restore_sign_in_locks(State& state) {
  const auto failures = TRY(state.store->staff().failures());
  const std::int64_t now_ms = clock_.now().unix_ms;
  const auto steady_now = SignInGuard::Clock::now();
  for (const store::SignInFailures& record : failures) {
    // What is left of the lock by the wall clock, never more than a whole lock: a clock set back cannot lengthen
    // it past that, and only root can set it forward.
    const std::int64_t left_ms =
        record.locked_until_unix_ms == 0
            ? 0
            : std::clamp<std::int64_t>(record.locked_until_unix_ms - now_ms, 0, lock_ms(state.sign_in_guard));
    state.sign_in_guard.restore(record.staff_id, record.failures, steady_now + std::chrono::milliseconds(left_ms));
    if (left_ms > 0) log::warning("staff id " + record.staff_id + " is still locked after the restart");
  }
  draft_.locked_staff = state.sign_in_guard.locked_ids(steady_now);
  return {};
}

Expected<void> Counter::sign_in(const command::SignIn& sign_in) {
  State& state = *state_;
  if (!state.roster) return Error(state.roster_error);
  const auto now = SignInGuard::Clock::now();
  draft_.locked_staff = state.sign_in_guard.locked_ids(now);
  TRY(state.sign_in_guard.may_try(sign_in.staff_id, now));
  auto checked = state.roster->sign_in(sign_in.staff_id, sign_in.pin);
  if (!checked) {
    Error refused = state.sign_in_guard.failed(sign_in.staff_id, now);
    const bool locked = state.sign_in_guard.locked(sign_in.staff_id, now);
    const Instant at = clock_.now();
    TRY(state.store->transaction([&]() -> Expected<void> {
      TRY(state.store->staff().save_failures(
          store::SignInFailures{sign_in.staff_id, state.sign_in_guard.failures(sign_in.staff_id),
                                locked ? at.unix_ms + lock_ms(state.sign_in_guard) : 0}));
      TRY(state.store->audit().append(AuditEvent{
          "", locked ? "staff.locked" : "staff.sign_in_failed", "system", at, {{"staff_id", sign_in.staff_id}}}));
      return {};
    }));
    log::warning("sign-in refused for staff id " + sign_in.staff_id + (locked ? ": locked" : ""));
    draft_.locked_staff = state.sign_in_guard.locked_ids(now);
    return refused;
  }
  state.sign_in_guard.succeeded(sign_in.staff_id);
  StaffAccount account = std::move(*checked);
  account.pin_hash.clear();
  TRY(state.store->transaction([&]() -> Expected<void> {
    TRY(state.store->staff().clear_failures(account.staff.id));
    TRY(state.store->audit().append(AuditEvent{
        "", "staff.signed_in", account.staff.id, clock_.now(), {{"role", std::string(name_of(account.role))}}}));
    return {};
  }));
  state.account = account;
  log::info("staff " + account.staff.id + " signed in (" + std::string(name_of(account.role)) + ")");
  draft_.staff = std::move(account);
  return {};
}

Expected<void> Counter::unlock_staff(const command::UnlockStaff& unlock) {
  State& state = *state_;
  if (!state.account || state.account->role != StaffRole::supervisor) {
    return Error("only a signed-in supervisor may unlock an account");
  }
  if (unlock.reason.empty()) return Error("say why the account is unlocked (it goes into the audit log)");
  const auto now = SignInGuard::Clock::now();
  if (!state.sign_in_guard.locked(unlock.staff_id, now)) {
    draft_.locked_staff = state.sign_in_guard.locked_ids(now);
    return Error("staff " + unlock.staff_id + " is not locked");
  }
  TRY(state.store->transaction([&]() -> Expected<void> {
    TRY(state.store->staff().clear_failures(unlock.staff_id));
    TRY(state.store->audit().append(AuditEvent{"",
                                               "staff.unlocked",
                                               state.account->staff.id,
                                               clock_.now(),
                                               {{"staff_id", unlock.staff_id}, {"reason", unlock.reason}}}));
    return {};
  }));
  state.sign_in_guard.unlock(unlock.staff_id);
  log::info("staff id " + unlock.staff_id + " unlocked by supervisor " + state.account->staff.id);
  draft_.locked_staff = state.sign_in_guard.locked_ids(now);
  return {};
}

}  // namespace kiosk::app
