// Taking the applicant's signature on the pad for a document, the way the UI does frame by frame: the pad starts
// capturing, samples are taken as they come, and the signature is done when the pen has left the pad after
// drawing — or, with a control, when the staff or the applicant press "done" (a pen lifted between two characters
// is not the end of a Chinese name).
#pragma once

#include <chrono>
#include <functional>

#include "devices/sigpad/signature_pad.h"
#include "kiosk/core/references.h"
#include "kiosk/documents/signature.h"

namespace kiosk::app {

enum class SignatureAction { go_on, redo, finish, cancel };

struct SignatureControl {
  // After each batch of samples: the strokes so far (for the live ink on screen).
  std::function<void(const documents::SignatureCapture&)> progress;
  // Asked every 10 ms. Without it, the signature ends when the pen leaves the pad after drawing.
  std::function<SignatureAction()> next;
};

// `started` runs once the pad is capturing (the simulator signs from there). The error says what to do: no
// strokes, a pad that went away, cancelled, out of time.
Expected<documents::Signature> capture_signature(devices::SignaturePad& pad, const DocumentRef& document, Instant at,
                                                 std::chrono::milliseconds timeout,
                                                 const std::function<void()>& started = {},
                                                 const SignatureControl& control = {});

}  // namespace kiosk::app
