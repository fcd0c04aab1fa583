// Plays a recorded segment back for a supervisor's review: libav decodes the video on the player's own thread, at
// the pace of its timestamps, into a preview slot the UI shows (I420, scaled down to fit). The UI never decodes.
// The sound is not played: the terminal's loudspeaker faces the applicant; the review screen shows the time.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/core/error.h"
#include "kiosk/media/preview.h"

namespace kiosk::media {

class SegmentPlayer {
 public:
  // Opens `file` (an MP4 segment) and starts playing; frames are scaled to at most `max_width` pixels wide.
  static Expected<std::unique_ptr<SegmentPlayer>> open(const std::filesystem::path& file, std::uint32_t max_width);
  ~SegmentPlayer();
  SegmentPlayer(const SegmentPlayer&) = delete;
  SegmentPlayer& operator=(const SegmentPlayer&) = delete;

  double duration_seconds() const { return duration_seconds_; }
  double position_seconds() const { return static_cast<double>(position_ms_.load()) / 1000.0; }
  bool finished() const { return finished_.load(); }
  std::int64_t frames_shown() const { return frames_.load(); }
  std::string error() const;
  std::shared_ptr<const PreviewFrame> frame() const { return slot_->latest(); }

 private:
  struct State;
  SegmentPlayer();
  void run();

  std::unique_ptr<State> state_;
  std::shared_ptr<PreviewSlot> slot_ = std::make_shared<PreviewSlot>();
  double duration_seconds_ = 0;
  std::atomic<std::int64_t> position_ms_{0};
  std::atomic<std::int64_t> frames_{0};
  std::atomic<bool> finished_{false};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::string error_;
  std::thread thread_;
};

}  // namespace kiosk::media
