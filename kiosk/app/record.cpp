#include "kiosk/app/record.h"

#include <chrono>
#include <thread>

#include "devices/audio/simulated_microphone.h"
#include "devices/camera/simulated_camera.h"
#include "kiosk/media/clock.h"

namespace kiosk::app {

Expected<media::RecordingSummary> run_record(const RecordOptions& options) {
  if (options.seconds < 1 || options.seconds > 86400) return Error("record: --seconds must be 1 to 86400");
  if (!options.simulate) {
    return Error(
        "record: this build has no camera or microphone driver yet — add --simulate to record the "
        "simulated devices");
  }
  media::SystemClock clock;
  // Virtual time starts at a whole second too, so the simulators' flashes and tones fall on whole seconds.
  auto time = options.virtual_clock
                  ? devices::SimulatedTime::virtual_time((clock.monotonic_ns() / 1'000'000'000 + 1) * 1'000'000'000)
                  : devices::SimulatedTime::real_time();
  devices::SimulatedCamera camera(time);
  devices::SimulatedMicrophone microphone(time, options.audio_drift_ppm);

  media::Recorder::Options recorder_options;
  recorder_options.settings = options.settings;
  recorder_options.folder = options.out_dir;
  recorder_options.origin_ns = time->start_ns();
  recorder_options.until_ns = time->start_ns() + std::int64_t{options.seconds} * 1'000'000'000;
  recorder_options.lossless = options.virtual_clock;
  time->pause();  // both sources join before virtual time moves
  auto started = media::Recorder::start(recorder_options, camera, microphone);
  time->resume();
  auto recorder = TRY(std::move(started));

  // The last audio block starts 10 ms before the end; the last frame one frame period before it.
  const std::int64_t done_ns = recorder_options.until_ns - 50'000'000;
  while (recorder->encoded_until_ns() < done_ns && !recorder->failed()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.virtual_clock ? 5 : 50));
  }
  return recorder->stop();
}

}  // namespace kiosk::app
