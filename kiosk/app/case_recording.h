// The recording of one case: the counter's camera and microphone into <data>/recordings/<case-number>/. Segments
// are handed over as they close (from the encoder thread, through a locked inbox) for the controller to register.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "devices/audio/microphone.h"
#include "devices/camera/camera.h"
#include "devices/simulation/simulated_time.h"
#include "kiosk/core/references.h"
#include "kiosk/media/clock.h"
#include "kiosk/media/recorder.h"

namespace kiosk::app {

struct RecordingDevices {
  devices::Camera& camera;
  devices::Microphone& microphone;
  std::shared_ptr<devices::SimulatedTime> simulated_time;  // null for real devices
};

class CaseRecording {
 public:
  static Expected<std::unique_ptr<CaseRecording>> start(RecordingDevices devices,
                                                        const media::RecordingSettings& settings,
                                                        const media::Clock& clock, std::filesystem::path folder);
  ~CaseRecording();

  // Segments closed since the last call, in order, as the media register holds them ("media/0001.mp4").
  std::vector<MediaSegmentRef> take_closed();
  std::int64_t origin_ns() const { return origin_ns_; }
  std::int64_t encoded_until_ns() const { return recorder_->encoded_until_ns(); }
  bool failed() const { return recorder_->failed(); }
  // The newest downscaled camera frame, for the UI's live thumbnail.
  std::shared_ptr<const media::PreviewFrame> preview() const { return preview_->latest(); }
  // Stops the devices and closes the last segment; its reference is then in take_closed().
  Expected<media::RecordingSummary> stop();

 private:
  CaseRecording() = default;
  void closed(const media::ClosedSegment& segment);

  std::unique_ptr<media::Recorder> recorder_;
  std::shared_ptr<media::PreviewSlot> preview_ = std::make_shared<media::PreviewSlot>();
  std::int64_t origin_ns_ = 0;
  std::int64_t wall_reference_ms_ = 0;  // wall time at monotonic `monotonic_reference_ns_`
  std::int64_t monotonic_reference_ns_ = 0;
  std::mutex mutex_;
  std::vector<MediaSegmentRef> inbox_;
  bool stopped_ = false;
};

}  // namespace kiosk::app
