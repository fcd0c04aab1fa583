// Taking the applicant's signature on the pad for a document, the way the UI does frame by frame: the pad starts
// capturing, samples are taken as they come, and the signature is done when the pen has left the pad after
// drawing (or the applicant presses "done" — here, the timeout).
#pragma once

#include <chrono>
#include <functional>

#include "devices/sigpad/signature_pad.h"
#include "kiosk/core/references.h"
#include "kiosk/documents/signature.h"

namespace kiosk::app {

// `started` runs once the pad is capturing (the simulator signs from there). The error says what to do: no
// strokes, a pad that went away.
Expected<documents::Signature> capture_signature(devices::SignaturePad& pad, const DocumentRef& document, Instant at,
                                                 std::chrono::milliseconds timeout,
                                                 const std::function<void()>& started = {});

}  // namespace kiosk::app
