// Measures lip-sync in recorded files the way a person checking evidence would: decode every segment with
// libav, find the white flash frames and the onsets of the tone bursts, and pair them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::testing {

struct SyncReport {
  std::vector<double> flash_times;  // seconds, file timeline
  std::vector<double> onset_times;
  std::vector<double> offsets;  // audio onset minus video flash, per second that has both
  double max_abs_offset = 0;
  double first_offset = 0;
  double last_offset = 0;
  long video_frames = 0;
  std::vector<double> file_durations;  // as libavformat reports each file's duration (seconds)
  std::string error;                   // empty when the files decoded
  // The luma of one frame that is not a flash (the sixth), for looking at the picture itself.
  int sample_width = 0;
  int sample_height = 0;
  std::vector<unsigned char> sample_luma;
};

// Every "*.mp4" in `folder`, in name order, as one timeline.
SyncReport probe_sync(const std::filesystem::path& folder);

}  // namespace kiosk::testing
