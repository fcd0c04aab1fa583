// The counter's recording. It runs from start-up, armed: the camera and microphone are encoded all the time and
// the last seconds kept, so that when a case opens, its recording begins that much earlier (pre-roll). Each case
// writes its segments into <data>/recordings/<case-number>/; they are handed over as they close (from the
// encoder thread, through a locked inbox) for the controller to register.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/audio/microphone.h"
#include "devices/camera/camera.h"
#include "devices/simulation/simulated_time.h"
#include "kiosk/core/references.h"
#include "kiosk/media/clock.h"
#include "kiosk/media/recorder.h"

namespace kiosk::app {

// The recording owns its devices: they must outlive the encoder that stops them.
struct RecordingDevices {
  std::unique_ptr<devices::Camera> camera;
  std::unique_ptr<devices::Microphone> microphone;
  std::shared_ptr<devices::SimulatedTime> simulated_time;  // null for real devices
};

class CaseRecording {
 public:
  // Starts the devices and the encoders, armed.
  // `terminal_id` labels the picture (the burned-in overlay).
  static Expected<std::unique_ptr<CaseRecording>> start(RecordingDevices devices,
                                                        const media::RecordingSettings& settings,
                                                        const media::Clock& clock, std::string terminal_id);
  ~CaseRecording();

  // A case's recording: from `pre_roll_seconds` before now into `folder`, until end(). The overlay shows
  // `case_number` meanwhile.
  Expected<void> begin(const std::filesystem::path& folder, std::string case_number);
  Expected<void> end();
  bool writing() const { return writing_; }

  // Segments closed since the last call, in order, as the media register holds them ("media/0001.mp4").
  std::vector<MediaSegmentRef> take_closed();
  std::int64_t origin_ns() const { return origin_ns_; }
  std::int64_t encoded_until_ns() const { return recorder_->encoded_until_ns(); }
  bool failed() const { return recorder_->failed(); }
  // Sources lost and back since the last call (for the audit log), with wall times.
  struct SourceChange {
    media::SourceEvent event;
    std::int64_t at_unix_ms = 0;
  };
  std::vector<SourceChange> take_source_changes();
  // Whether the camera and microphone are delivering, for the UI's status bar.
  media::RecorderHealth health() const { return recorder_->health(); }
  // The newest downscaled camera frame, for the UI's live thumbnail.
  std::shared_ptr<const media::PreviewFrame> preview() const { return preview_->latest(); }

 private:
  CaseRecording() = default;
  void closed(const media::ClosedSegment& segment);
  std::int64_t wall_ms(std::int64_t monotonic_ns) const {
    return wall_reference_ms_ + (monotonic_ns - monotonic_reference_ns_) / 1'000'000;
  }

  RecordingDevices devices_;  // declared before the recorder: destroyed after it
  std::unique_ptr<media::Recorder> recorder_;
  std::shared_ptr<media::PreviewSlot> preview_ = std::make_shared<media::PreviewSlot>();
  std::int64_t origin_ns_ = 0;
  std::int64_t wall_reference_ms_ = 0;  // wall time at monotonic `monotonic_reference_ns_`
  std::int64_t monotonic_reference_ns_ = 0;
  std::mutex mutex_;
  std::vector<MediaSegmentRef> inbox_;
  std::vector<SourceChange> changes_;
  bool writing_ = false;
};

}  // namespace kiosk::app
