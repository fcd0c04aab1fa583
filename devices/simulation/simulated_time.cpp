#include "devices/simulation/simulated_time.h"

#include <algorithm>
#include <chrono>
#include <time.h>

namespace kiosk::devices {
namespace {

std::int64_t monotonic_now() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

}  // namespace

std::shared_ptr<SimulatedTime> SimulatedTime::real_time() {
  const std::int64_t next_second = (monotonic_now() / 1'000'000'000 + 1) * 1'000'000'000;
  return std::shared_ptr<SimulatedTime>(new SimulatedTime(false, next_second));
}

std::shared_ptr<SimulatedTime> SimulatedTime::virtual_time(std::int64_t start_ns) {
  return std::shared_ptr<SimulatedTime>(new SimulatedTime(true, start_ns));
}

void SimulatedTime::pause() {
  std::lock_guard lock(mutex_);
  paused_ = true;
}

void SimulatedTime::resume() {
  std::lock_guard lock(mutex_);
  paused_ = false;
  changed_.notify_all();
}

void SimulatedTime::set_horizon(std::int64_t horizon_ns) {
  std::lock_guard lock(mutex_);
  horizon_ns_ = horizon_ns;
  changed_.notify_all();
}

std::int64_t SimulatedTime::now_ns() const {
  if (!virtual_) return monotonic_now();
  return std::max(start_ns_, now_ns_.load());
}

int SimulatedTime::join() {
  std::lock_guard lock(mutex_);
  const int source = next_source_++;
  // A source that joins late (a device plugged in again) joins at the present, not at the start.
  pending_[source] = std::max(start_ns_, now_ns_.load());
  changed_.notify_all();
  return source;
}

void SimulatedTime::leave(int source) {
  std::lock_guard lock(mutex_);
  pending_.erase(source);
  changed_.notify_all();
}

bool SimulatedTime::earliest(std::int64_t event_ns) const {
  for (const auto& [other, other_ns] : pending_) {
    if (other_ns < event_ns) return false;
  }
  return true;
}

bool SimulatedTime::wait_until(int source, std::int64_t event_ns, const std::atomic<bool>& stop) {
  if (!virtual_) {
    // Sleep in slices so a stop request is seen within 20 ms.
    while (!stop.load()) {
      const std::int64_t remaining = event_ns - monotonic_now();
      if (remaining <= 0) return true;
      const std::int64_t slice = remaining < 20'000'000 ? remaining : 20'000'000;
      timespec pause{static_cast<time_t>(slice / 1'000'000'000), static_cast<long>(slice % 1'000'000'000)};
      clock_nanosleep(CLOCK_MONOTONIC, 0, &pause, nullptr);
    }
    return false;
  }
  std::unique_lock lock(mutex_);
  pending_[source] = event_ns;
  changed_.notify_all();
  while (!stop.load() && (paused_ || event_ns > horizon_ns_ || !earliest(event_ns)))
    changed_.wait_for(lock, std::chrono::milliseconds(20));
  if (stop.load()) return false;
  if (event_ns > now_ns_.load()) now_ns_ = event_ns;
  return true;
}

}  // namespace kiosk::devices
