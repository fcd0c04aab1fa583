// The recorder: camera and microphone callbacks put their data in one bounded queue; one encoder thread takes it
// in arrival order, aligns the audio to the one clock, encodes and writes segments. In real time a full queue
// drops video frames (counted, never silently); in virtual time the sources wait instead, so nothing is lost.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/audio/microphone.h"
#include "devices/camera/camera.h"
#include "kiosk/core/error.h"
#include "kiosk/media/preview.h"
#include "kiosk/media/recording_settings.h"
#include "kiosk/media/segment_writer.h"

namespace kiosk::media {

enum class Source { camera, microphone };

// A source that stopped delivering, or came back. The gap between is recorded as a gap: no frames (players hold
// the last picture) and silence, with the timeline going on, so what follows stays in sync.
struct SourceEvent {
  Source source = Source::camera;
  bool restored = false;    // false: lost
  std::int64_t at_ns = 0;   // lost: the last data before the gap; restored: the first data after it (monotonic)
  std::int64_t gap_ns = 0;  // restored: how long nothing came
  std::string detail;       // what the device said, or why reopening it failed
};

// For the UI's status bar: is each source delivering, and if not, since when and why.
struct SourceHealth {
  bool live = true;
  std::int64_t lost_since_ns = 0;  // the last data before the current gap
  int gaps = 0;                    // gaps so far
  std::int64_t gap_ns = 0;         // their total length
  std::string detail;
};

struct RecorderHealth {
  SourceHealth camera;
  SourceHealth microphone;
  std::string writing_error;          // non-empty: the case's segments stopped being written (a full disk), and why
  float microphone_peak_dbfs = -100;  // the loudest sample of the last audio block (the technicians' level meter)
};

struct RecordingSummary {
  std::vector<ClosedSegment> segments;
  std::int64_t video_frames = 0;   // frames encoded
  std::int64_t audio_samples = 0;  // samples encoded (after drift correction)
  std::int64_t dropped_frames = 0;
  std::int64_t dropped_audio_blocks = 0;
  std::vector<SourceEvent> source_events;  // sources lost and back, in order
  std::int64_t origin_ns = 0;              // the recording's time zero, for reading the events' times
  std::string writing_error;               // non-empty: writing stopped early (a full disk), and why
};

class Recorder {
 public:
  struct Options {
    RecordingSettings settings;
    std::filesystem::path folder;  // empty: start armed, writing nothing until begin_segments()
    int pre_roll_seconds = 0;      // how much of what came before begin_segments() a recording starts with
    std::int64_t origin_ns = 0;    // the recording's time zero on CLOCK_MONOTONIC
    std::int64_t until_ns = 0;     // when set, data captured at or after it is not recorded
    bool lossless = false;         // virtual time: sources wait for the encoder instead of dropping
    SegmentWriter::SegmentClosed on_segment_closed;
    std::shared_ptr<PreviewSlot> preview;  // when set, a downscaled frame about ten times a second
    std::uint32_t preview_width = 320;
    std::uint32_t preview_height = 180;
    // The overlay's labels: the terminal, and wall time as `wall_reference_ms` at `monotonic_reference_ns`
    // (mapped once, so a wall clock that jumps later does not bend the record).
    std::string terminal_id;
    std::int64_t wall_reference_ms = 0;
    std::int64_t monotonic_reference_ns = 0;
    // A source that has delivered nothing for this long, or whose status() says absent or failed, is lost: the
    // recorder tries to open it again every `reopen_interval_ms` (real time) until it delivers.
    std::int64_t source_timeout_ns = 1'500'000'000;
    int reopen_interval_ms = 1000;
    // The sources' clock for the timeout (virtual time in tests); CLOCK_MONOTONIC when empty.
    std::function<std::int64_t()> now_ns;
    std::function<void(const SourceEvent&)> on_source_event;  // from the device or the supervisor thread
  };

  static Expected<std::unique_ptr<Recorder>> start(Options options, devices::Camera& camera,
                                                   devices::Microphone& microphone);
  ~Recorder();

  // Starts writing segments into `folder`, beginning with the pre-roll (from a keyframe at most pre_roll_seconds
  // before now). Unfinished segments a crash left there are made whole first. From now on the overlay shows
  // `case_number`.
  Expected<void> begin_segments(std::filesystem::path folder, SegmentWriter::SegmentClosed on_closed,
                                std::string case_number = {});
  // Closes the segments' writer; the recorder goes on, armed, keeping the pre-roll for the next recording.
  Expected<void> end_segments();

  // How far both streams have been encoded, on CLOCK_MONOTONIC (for progress, and to end a virtual-time run).
  std::int64_t encoded_until_ns() const;
  // The first error that stopped the encoding, if any (the recording so far is kept).
  bool failed() const;
  RecorderHealth health() const;

  // Stops the sources, encodes what is queued, closes the last segment.
  Expected<RecordingSummary> stop();

 private:
  struct State;
  explicit Recorder(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::media
