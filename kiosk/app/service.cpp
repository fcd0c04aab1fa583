#include "kiosk/app/service.h"

#include <cstdlib>
#include <systemd/sd-daemon.h>

namespace kiosk::app {

ServiceNotifier::ServiceNotifier() {
  under_systemd_ = std::getenv("NOTIFY_SOCKET") != nullptr;
  std::uint64_t usec = 0;
  // sd_watchdog_enabled reads WATCHDOG_USEC (and WATCHDOG_PID: the watchdog is this process's).
  if (under_systemd_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    interval_ = std::chrono::microseconds(static_cast<std::int64_t>(usec / 2));
  }
}

void ServiceNotifier::ready(const std::string& status) {
  if (!under_systemd_) return;
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
  last_ping_ = std::chrono::steady_clock::now();
}

void ServiceNotifier::status(const std::string& status) {
  if (under_systemd_) sd_notifyf(0, "STATUS=%s", status.c_str());
}

void ServiceNotifier::alive() {
  if (interval_.count() == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ping_ < interval_) return;
  sd_notify(0, "WATCHDOG=1");
  last_ping_ = now;
  ++pings_;
}

void ServiceNotifier::stopping(const std::string& status) {
  if (under_systemd_) sd_notifyf(0, "STOPPING=1\nSTATUS=%s", status.c_str());
}

}  // namespace kiosk::app
