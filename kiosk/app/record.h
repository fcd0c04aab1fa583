// `kiosk record`: records the counter for N seconds into DIR — with the libcamera camera and the PortAudio
// microphone, or with the simulated ones (in real time, or on a virtual clock as fast as the machine allows).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
  std::string terminal_id;  // for the overlay
  // Simulated devices only: pull the camera or the microphone out at FROM seconds and plug it in again at TO.
  std::vector<double> unplug_camera;
  std::vector<double> unplug_microphone;
  media::RecordingSettings settings;  // from the configuration; the options below override it when given
  std::optional<std::uint32_t> width;
  std::optional<std::uint32_t> height;
  std::optional<std::uint32_t> fps;
  std::optional<int> segment_seconds;
};

Expected<media::RecordingSummary> run_record(const RecordOptions& options);

}  // namespace kiosk::app
