// How the counter is recorded. Defaults suit a 2-core embedded board at 1280×720.
#pragma once

#include <cstdint>
#include <string>

namespace kiosk::media {

struct RecordingSettings {
  std::uint32_t width = 1280;
  std::uint32_t height = 720;
  std::uint32_t fps = 30;
  std::string video_encoder = "libx264";  // or "h264_v4l2m2m" where the SoC has it
  std::string x264_preset = "veryfast";
  int x264_crf = 23;
  std::uint32_t sample_rate = 48000;
  std::int64_t audio_bitrate = 32000;  // Opus, mono: speech
  int segment_seconds = 300;           // a new file every 5 minutes
  int pre_roll_seconds = 10;           // a case's recording begins this long before it was opened
  bool correct_audio_drift = true;     // off only to measure what an uncorrected sound card does
  bool overlay = true;                 // date and time, terminal id and case number burned into the picture
  std::string overlay_font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
};

}  // namespace kiosk::media
