// kiosk/app — the composition root: configuration, wiring, the intake controller, the CLI. The UI talks only to
// this module.
#pragma once

#include "kiosk/app/config.h"             // IWYU pragma: export
#include "kiosk/app/demo.h"               // IWYU pragma: export
#include "kiosk/app/intake_controller.h"  // IWYU pragma: export
