// The kiosk as a systemd service (Type=notify): READY=1 once the UI draws, a watchdog ping from the UI's own loop
// at half of WatchdogSec (so a UI that hangs is restarted, not just a process that lives), a STATUS= line a
// technician sees in `systemctl status`, and STOPPING=1 on the way out. Outside systemd (no NOTIFY_SOCKET) every
// call does nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace kiosk::app {

class ServiceNotifier {
 public:
  ServiceNotifier();

  bool under_systemd() const { return under_systemd_; }
  // Half of WatchdogSec, or zero when the unit has no watchdog.
  std::chrono::microseconds watchdog_interval() const { return interval_; }

  void ready(const std::string& status);
  void status(const std::string& status);
  // Call every frame: pings when half the watchdog interval has passed since the last ping.
  void alive();
  void stopping(const std::string& status);
  std::uint64_t pings() const { return pings_; }

 private:
  bool under_systemd_ = false;
  std::chrono::microseconds interval_{0};
  std::chrono::steady_clock::time_point last_ping_{};
  std::uint64_t pings_ = 0;
};

}  // namespace kiosk::app
