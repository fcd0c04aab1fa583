// Recording segments: fragmented MP4 files, a fragment at every video keyframe (about every second), each
// fragment flushed and fdatasync'ed, so a kill -9 or a power cut loses at most the fragment being written. A
// segment is written as "NNNN.mp4.recording" and renamed to "NNNN.mp4" when closed: an unfinished one is easy to
// find at the next start. A new segment begins at the first keyframe past the segment length; timestamps continue.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/error.h"
#include "kiosk/media/encoder.h"

namespace kiosk::media {

struct ClosedSegment {
  std::int32_t sequence = 0;
  std::filesystem::path path;
  std::string sha256;
  std::uint64_t bytes = 0;
  std::int64_t start_ns = 0;  // first and last timestamps in it, since the recording's start
  std::int64_t end_ns = 0;
  std::int64_t video_frames = 0;
  std::int64_t audio_samples = 0;
  std::int64_t dropped_frames = 0;  // filled in by the recorder, which sees the drops
};

class SegmentWriter {
 public:
  using SegmentClosed = std::function<void(const ClosedSegment&)>;

  // `video` and `audio` must stay alive while the writer does; their parameters go into every segment.
  static Expected<std::unique_ptr<SegmentWriter>> create(std::filesystem::path folder, int segment_seconds,
                                                         const VideoEncoder& video, const AudioEncoder& audio,
                                                         SegmentClosed on_closed);
  ~SegmentWriter();

  // A packet in its encoder's time base. Video keyframes cut fragments and, past the length, segments. When a
  // write fails (a full disk), the open segments are closed at their last whole fragment and registered, and
  // the error says how much space recording needs; the writer writes nothing more.
  Expected<void> write(StreamKind kind, AVPacket* packet);
  // Closes the current segment (trailer, sync, rename, hash).
  Expected<void> close();

 private:
  struct State;
  explicit SegmentWriter(std::unique_ptr<State> state);
  Expected<void> write_packet(StreamKind kind, AVPacket* packet);
  // Writes the trailer, syncs, renames "….recording" to its final name, hashes, reports. `salvage` (after a
  // failed write), or a trailer that cannot be written, cuts the file back to its last whole fragment instead.
  Expected<void> finish(std::unique_ptr<struct OpenSegment> segment, bool salvage = false);
  std::unique_ptr<State> state_;
};

// Makes every "NNNN.mp4.recording" left by a crash in `folder` into a whole "NNNN.mp4" (see segment_repair.cpp)
// and returns them, so they can be registered. SegmentWriter::create does this before it continues numbering.
Expected<std::vector<ClosedSegment>> repair_unfinished_segments(const std::filesystem::path& folder);

// "0007.mp4" for sequence 7.
std::string segment_file_name(std::int32_t sequence);

}  // namespace kiosk::media
