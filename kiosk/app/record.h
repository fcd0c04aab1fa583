// `kiosk record`: records the counter for N seconds into DIR — with the simulated camera and microphone (real
// time, or a virtual clock as fast as the machine allows) until the libcamera and PortAudio drivers land.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/error.h"
#include "kiosk/media/recorder.h"

namespace kiosk::app {

struct RecordOptions {
  std::filesystem::path out_dir;
  int seconds = 10;
  bool simulate = false;
  bool virtual_clock = false;
  double audio_drift_ppm = 0;
  std::string camera;  // real devices: which camera and microphone (config devices.camera / .microphone)
  std::string microphone;
  std::string terminal_id;            // for the overlay
  media::RecordingSettings settings;  // from the configuration; the options below override it when given
  std::optional<std::uint32_t> width;
  std::optional<std::uint32_t> height;
  std::optional<std::uint32_t> fps;
  std::optional<int> segment_seconds;
};

Expected<media::RecordingSummary> run_record(const RecordOptions& options);

}  // namespace kiosk::app
