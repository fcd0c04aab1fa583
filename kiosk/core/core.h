// kiosk/core — the domain of one intake: types and the intake state machine. Pure C++: no I/O, no clock,
// no threads. Everything else in the kiosk depends on this module; it depends on nothing.
#pragma once

#include "kiosk/core/audit_event.h"  // IWYU pragma: export
#include "kiosk/core/case.h"         // IWYU pragma: export
#include "kiosk/core/case_number.h"  // IWYU pragma: export
#include "kiosk/core/error.h"        // IWYU pragma: export
#include "kiosk/core/instant.h"      // IWYU pragma: export
#include "kiosk/core/intake.h"       // IWYU pragma: export
