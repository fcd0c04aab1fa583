#include "kiosk/app/record.h"

#include <chrono>
#include <thread>

#include "devices/audio/portaudio_microphone.h"
#include "devices/audio/simulated_microphone.h"
#include "devices/camera/libcamera_camera.h"
#include "devices/camera/simulated_camera.h"
#include "kiosk/media/clock.h"

namespace kiosk::app {

Expected<media::RecordingSummary> run_record(const RecordOptions& options) {
  if (options.seconds < 1 || options.seconds > 86400) return Error("record: --seconds must be 1 to 86400");
  media::SystemClock clock;
  std::shared_ptr<devices::SimulatedTime> time;
  std::unique_ptr<devices::Camera> camera;
  std::unique_ptr<devices::Microphone> microphone;
  if (options.simulate) {
    // Virtual time starts at a whole second too, so the simulators' flashes and tones fall on whole seconds.
    time = options.virtual_clock
               ? devices::SimulatedTime::virtual_time((clock.monotonic_ns() / 1'000'000'000 + 1) * 1'000'000'000)
               : devices::SimulatedTime::real_time();
    auto simulated_camera = std::make_unique<devices::SimulatedCamera>(time);
    auto simulated_microphone = std::make_unique<devices::SimulatedMicrophone>(time, options.audio_drift_ppm);
    const auto at = [&](double seconds) { return time->start_ns() + static_cast<std::int64_t>(seconds * 1e9); };
    if (options.unplug_camera.size() == 2) {
      simulated_camera->unplug_between(at(options.unplug_camera[0]), at(options.unplug_camera[1]));
    }
    if (options.unplug_microphone.size() == 2) {
      simulated_microphone->unplug_between(at(options.unplug_microphone[0]), at(options.unplug_microphone[1]));
    }
    camera = std::move(simulated_camera);
    microphone = std::move(simulated_microphone);
  } else {
    if (!options.unplug_camera.empty() || !options.unplug_microphone.empty()) {
      return Error("record: --unplug-camera and --unplug-microphone simulate an outage: they need --simulate");
    }
    if (options.virtual_clock) return Error("record: --virtual-clock needs --simulate (real devices run in real time)");
    camera = std::make_unique<devices::LibcameraCamera>(options.camera);
    microphone = std::make_unique<devices::PortAudioMicrophone>(options.microphone);
  }
  const std::int64_t origin = time ? time->start_ns() : clock.monotonic_ns();

  media::Recorder::Options recorder_options;
  recorder_options.settings = options.settings;
  media::RecordingSettings& settings = recorder_options.settings;
  settings.width = options.width.value_or(settings.width);
  settings.height = options.height.value_or(settings.height);
  settings.fps = options.fps.value_or(settings.fps);
  settings.segment_seconds = options.segment_seconds.value_or(settings.segment_seconds);
  if (settings.width % 2 != 0 || settings.height % 2 != 0) return Error("record: --width and --height must be even");
  recorder_options.folder = options.out_dir;
  recorder_options.origin_ns = origin;
  recorder_options.until_ns = origin + std::int64_t{options.seconds} * 1'000'000'000;
  recorder_options.lossless = options.virtual_clock;
  recorder_options.terminal_id = options.terminal_id;
  recorder_options.wall_reference_ms = clock.now().unix_ms;
  recorder_options.monotonic_reference_ns = origin;
  if (options.virtual_clock) recorder_options.now_ns = [time] { return time->now_ns(); };
  if (time) time->pause();  // both sources join before virtual time moves
  auto started = media::Recorder::start(recorder_options, *camera, *microphone);
  if (time) time->resume();
  auto recorder = TRY(std::move(started));

  // The last audio block starts 10 ms before the end; the last frame one frame period before it.
  const std::int64_t done_ns = recorder_options.until_ns - 50'000'000;
  if (options.virtual_clock) {
    // Virtual time runs as fast as the encoder: done when both streams are encoded up to the end.
    while (recorder->encoded_until_ns() < done_ns && !recorder->failed() && recorder->health().writing_error.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  } else {
    // Real time ends by the clock, whatever a device delivers (a silent or vanished one must not hold it open),
    // plus a moment for the last frame and block to arrive.
    while (clock.monotonic_ns() < recorder_options.until_ns + 200'000'000 && !recorder->failed() &&
           recorder->health().writing_error.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return recorder->stop();
}

}  // namespace kiosk::app
