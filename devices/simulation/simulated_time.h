// The time simulated devices live in. Real time: each source sleeps until its next event on CLOCK_MONOTONIC.
// Virtual time: as fast as the machine allows, but still in the order of the events' times across all sources
// (a conservative discrete-event scheduler), so hours of recording can be tested in minutes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

namespace kiosk::devices {

class SimulatedTime {
 public:
  // Starts at the next whole second of CLOCK_MONOTONIC, so events line up with "true" whole seconds.
  static std::shared_ptr<SimulatedTime> real_time();
  // Starts at `start_ns` of a virtual monotonic clock.
  static std::shared_ptr<SimulatedTime> virtual_time(std::int64_t start_ns);

  bool is_virtual() const { return virtual_; }
  std::int64_t start_ns() const { return start_ns_; }
  // Now: CLOCK_MONOTONIC in real time; in virtual time, the latest event time granted to any source.
  std::int64_t now_ns() const;

  // Virtual time stands still while paused: start every source between pause() and resume(), so none runs ahead
  // before the others have joined. (Real time cannot be paused; these do nothing there.)
  void pause();
  void resume();

  // Virtual time does not pass `horizon_ns` (default: no horizon): a scripted run (the demo) lets it advance with
  // its own clock, so the recording covers exactly the script's time.
  void set_horizon(std::int64_t horizon_ns);

  // A source takes part with a handle; it must call wait_until or leave after each event.
  int join();
  void leave(int source);
  // Blocks until `event_ns` is due: in real time until the clock reaches it; in virtual time until no other
  // source waits for an earlier event. Returns false when `stop` became true.
  bool wait_until(int source, std::int64_t event_ns, const std::atomic<bool>& stop);

 private:
  SimulatedTime(bool is_virtual, std::int64_t start_ns) : virtual_(is_virtual), start_ns_(start_ns) {}
  bool earliest(std::int64_t event_ns) const;

  const bool virtual_;
  const std::int64_t start_ns_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int, std::int64_t> pending_;  // source → the time of its next event
  int next_source_ = 0;
  bool paused_ = false;
  std::int64_t horizon_ns_ = std::numeric_limits<std::int64_t>::max();
  std::atomic<std::int64_t> now_ns_{0};
};

}  // namespace kiosk::devices
