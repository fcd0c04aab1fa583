// kiosk/media — the recording: one clock, A/V sync and drift correction, overlay, encoder, crash-safe segments,
// pre-roll. The clock is here now; the recorder comes with the recording issue.
#pragma once

#include "kiosk/media/clock.h"  // IWYU pragma: export
