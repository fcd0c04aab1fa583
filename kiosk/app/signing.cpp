#include "kiosk/app/signing.h"

#include <thread>

namespace kiosk::app {

Expected<documents::Signature> capture_signature(devices::SignaturePad& pad, const DocumentRef& document, Instant at,
                                                 std::chrono::milliseconds timeout,
                                                 const std::function<void()>& started,
                                                 const SignatureControl& control) {
  TRY(pad.begin_capture());
  if (started) started();
  documents::SignatureCapture capture(pad.model(), pad.geometry());
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool done = false;
  while (!done) {
    if (std::chrono::steady_clock::now() >= deadline) {
      if (control.next) {
        (void)pad.end_capture();
        return Error("signature: nobody pressed \"done\" in time — start the signature again");
      }
      break;
    }
    auto samples = pad.take_samples();
    if (!samples) {
      (void)pad.end_capture();
      return samples.error();
    }
    capture.add(*samples);
    if (!samples->empty() && control.progress) control.progress(capture);
    if (control.next) {
      switch (control.next()) {
        case SignatureAction::go_on: break;
        case SignatureAction::finish: done = true; break;
        case SignatureAction::redo:
          TRY(pad.clear());
          capture.redo();
          if (control.progress) control.progress(capture);
          break;
        case SignatureAction::cancel:
          (void)pad.end_capture();
          return Error("signature: cancelled — start it again, or record that the applicant refused to sign");
      }
    } else {
      // The pen left the pad after drawing: the applicant has finished.
      for (const devices::PenSample& sample : *samples) {
        if (!sample.in_range && !capture.strokes().empty()) done = true;
      }
    }
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  TRY(pad.end_capture());
  capture.add(TRY(pad.take_samples()));  // what came while capture ended
  if (control.progress) control.progress(capture);
  return capture.finish(document.kind, document.sha256, at, pad.dropped_reports());
}

}  // namespace kiosk::app
