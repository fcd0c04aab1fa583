#include "kiosk/app/sign_in_guard.h"

#include <algorithm>

namespace kiosk::app {
namespace {

std::string minutes_from(SignInGuard::Clock::time_point now, SignInGuard::Clock::time_point until) {
  const auto left = std::chrono::ceil<std::chrono::minutes>(until - now).count();
  return std::to_string(left) + (left == 1 ? " minute" : " minutes");
}

}  // namespace

Expected<void> SignInGuard::may_try(const std::string& id, Clock::time_point now) const {
  const auto found = failures_.find(id);
  if (found == failures_.end() || found->second.count < attempts_ || now >= found->second.locked_until) return {};
  return Error("staff " + id + " is locked after " + std::to_string(attempts_) + " wrong PINs — try again in " +
               minutes_from(now, found->second.locked_until) + ", or ask a technician to check the roster");
}

Error SignInGuard::failed(const std::string& id, Clock::time_point now) {
  Failures& failures = failures_[id];
  if (failures.count >= attempts_) failures.count = 0;  // a lock that ran out: a fresh round of tries
  ++failures.count;
  if (failures.count >= attempts_) {
    failures.locked_until = now + lock_for_;
    return Error("staff id or PIN is wrong " + std::to_string(attempts_) + " times — " + id + " is locked for " +
                 minutes_from(now, failures.locked_until));
  }
  const int left = attempts_ - failures.count;
  return Error("staff id or PIN is wrong — try again (" + std::to_string(left) + (left == 1 ? " try" : " tries") +
               " left before a " + std::to_string(lock_for_.count()) + "-minute lock)");
}

int SignInGuard::failures(const std::string& id) const {
  const auto found = failures_.find(id);
  return found == failures_.end() ? 0 : found->second.count;
}

void SignInGuard::restore(const std::string& id, int failures, Clock::time_point locked_until) {
  if (failures <= 0) return;
  failures_[id] = Failures{std::min(failures, attempts_), locked_until};
}

std::vector<std::string> SignInGuard::locked_ids(Clock::time_point now) const {
  std::vector<std::string> ids;
  for (const auto& [id, failures] : failures_) {
    if (failures.count >= attempts_ && now < failures.locked_until) ids.push_back(id);
  }
  return ids;
}

}  // namespace kiosk::app
