// Shared between the two halves of `kiosk doctor` (doctor.cpp, doctor_devices.cpp).
#pragma once

#include <vector>

#include "kiosk/app/doctor.h"

namespace kiosk::app {

// The camera, the microphone, the ID card reader, the printer, the signature pad, the display and touch.
std::vector<DoctorLine> device_lines(const Config& config, const DoctorOptions& options);

}  // namespace kiosk::app
