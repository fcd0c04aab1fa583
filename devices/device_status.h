// What every device reports to the UI's status bar and to `kiosk doctor`.
#pragma once

#include <string>

namespace kiosk::devices {

enum class DeviceState {
  absent,     // not plugged in / not found
  no_access,  // present, but the service may not open it (udev rule, group)
  ready,
  busy,
  fault,  // present and opened, but it reports a problem (paper out, SAM failure, …)
};

struct DeviceStatus {
  DeviceState state = DeviceState::absent;
  std::string detail;  // what is wrong and what to do, for technicians and staff
};

}  // namespace kiosk::devices
