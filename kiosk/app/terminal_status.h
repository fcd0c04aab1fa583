// What the status bar and `kiosk doctor` show of the terminal at a glance: each device's state, the archive
// queue, the free disk. A snapshot, made off the UI's thread: the UI only reads it, never waits on a device.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/device_status.h"

namespace kiosk::app {

struct DeviceLine {
  std::string key;  // the translation key of its name: "status.camera", "status.printer", …
  devices::DeviceStatus status;
};

struct TerminalStatus {
  std::vector<DeviceLine> devices;
  int archive_pending = 0;  // not yet verified in the archive
  int archive_failed = 0;
  int archive_overdue = 0;  // past the legal deadline
  std::uint64_t free_bytes = 0;
  std::uint64_t reserve_bytes = 0;  // below this, a new intake is refused
  bool recording = false;
  float microphone_peak_dbfs = -100;  // the last audio block's loudest sample (the technicians' level meter)

  bool disk_low() const { return free_bytes < reserve_bytes; }
};

}  // namespace kiosk::app
