// The devices' lines of `kiosk doctor`: each configured device through its real driver (or, with --simulate, the
// same driver on its protocol simulator) — present, permitted, answering — and the display and touch.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <future>
#include <mutex>
#include <thread>

#include "devices/printer/escpos_printer.h"
#include "devices/sigpad/signature_pad.h"
#include "kiosk/app/detail/doctor_lines.h"
#include "kiosk/app/device_setup.h"

namespace kiosk::app {
namespace {

constexpr const char* kUdevRemedy =
    "the service user's group must own the device: install the package's udev rules (69-counter-kiosk.rules) and "
    "add its VID:PID to packaging/supported-devices.tsv if it is not listed";

// A device's state as a line; nothing when it is ready (the caller goes on to make it answer).
std::optional<DoctorLine> state_line(const std::string& check, const devices::DeviceStatus& status) {
  switch (status.state) {
    case devices::DeviceState::ready: return std::nullopt;
    case devices::DeviceState::busy:
      return DoctorLine{check, Verdict::warn, "in use" + (status.detail.empty() ? "" : ": " + status.detail),
                        "the running kiosk holds it: systemctl stop counter-kiosk to test it here"};
    case devices::DeviceState::no_access: {
      DoctorLine line = line_of(check, Verdict::fail, status.detail);
      if (line.remedy.empty()) line.remedy = kUdevRemedy;
      return line;
    }
    case devices::DeviceState::absent:
    case devices::DeviceState::fault: break;
  }
  DoctorLine line = line_of(check, Verdict::fail, status.detail.empty() ? "not found" : status.detail);
  if (line.remedy.empty())
    line.remedy = "check its cable, then kiosk doctor again; the configured VID:PID must match lsusb";
  return line;
}

const char* pixel_format_name(devices::PixelFormat format) {
  switch (format) {
    case devices::PixelFormat::nv12: return "NV12";
    case devices::PixelFormat::yuv420: return "YUV420";
    case devices::PixelFormat::mjpeg: return "MJPEG";
    case devices::PixelFormat::rgb24: return "RGB24";
  }
  return "?";
}

DoctorLine camera_line(const Config& config, const DoctorOptions& options) {
  const std::unique_ptr<devices::Camera> camera = make_recording_devices(config).camera;
  std::atomic<int> frames{0};
  std::mutex mutex;
  devices::VideoFormat delivered;
  std::int64_t first_ns = 0;
  std::int64_t last_ns = 0;
  const devices::VideoFormat asked{config.recording.width, config.recording.height, config.recording.fps,
                                   devices::PixelFormat::yuv420};  // as the recorder asks
  auto started = camera->start(asked, [&](const devices::VideoFrameView& frame) {
    std::lock_guard lock(mutex);
    delivered = frame.format;
    if (frames++ == 0) first_ns = frame.capture_monotonic_ns;
    last_ns = frame.capture_monotonic_ns;
  });
  if (!started) {
    if (auto line = state_line("camera", camera->status())) return *line;
    return line_of("camera", Verdict::fail, started.error().message());
  }
  std::this_thread::sleep_for(options.listen);
  camera->stop();
  if (frames < 2) {
    return {"camera", Verdict::fail,
            "started, but gave fewer than two frames in " + std::to_string(options.listen.count()) + " ms",
            "check the camera's cable and light; cam --list shows what libcamera sees"};
  }
  std::lock_guard lock(mutex);
  // The rate between the first frame and the last, by the camera's own timestamps (a camera takes a while to start).
  const double rate = (frames - 1) * 1e9 / static_cast<double>(std::max<std::int64_t>(last_ns - first_ns, 1));
  char detail[160];
  std::snprintf(detail, sizeof detail, "%ux%u %s, %.0f frames/s measured (configured %ux%u at %u)", delivered.width,
                delivered.height, pixel_format_name(delivered.pixel_format), rate, asked.width, asked.height,
                asked.fps);
  if (delivered.width != asked.width || delivered.height != asked.height) {
    return {"camera", Verdict::warn, detail,
            "the camera has no mode of the configured size: it is scaled; set "
            "recording.width and height to one of its own"};
  }
  if (rate < 0.8 * asked.fps) {
    return {"camera", Verdict::warn, detail, "fewer frames than configured: more light, or a lower recording.fps"};
  }
  return {"camera", Verdict::ok, detail, ""};
}

DoctorLine microphone_line(const Config& config, const DoctorOptions& options) {
  const std::unique_ptr<devices::Microphone> microphone = make_recording_devices(config).microphone;
  std::atomic<std::int64_t> samples{0};
  std::atomic<int> peak{0};
  auto started = microphone->start(devices::AudioFormat{}, [&](const devices::AudioBlockView& block) {
    int loudest = 0;
    for (std::int16_t sample : block.samples) loudest = std::max(loudest, std::abs(static_cast<int>(sample)));
    if (loudest > peak) peak = loudest;
    samples += static_cast<std::int64_t>(block.samples.size());
  });
  if (!started) {
    if (auto line = state_line("microphone", microphone->status())) return *line;
    return line_of("microphone", Verdict::fail, started.error().message());
  }
  std::this_thread::sleep_for(options.listen);
  microphone->stop();
  if (samples == 0) {
    return {"microphone", Verdict::fail,
            "opened, but gave no sound in " + std::to_string(options.listen.count()) + " ms",
            "check the microphone's cable; arecord -l shows the sound cards"};
  }
  const double dbfs = peak == 0 ? -120.0 : 20.0 * std::log10(peak / 32768.0);
  char detail[96];
  std::snprintf(detail, sizeof detail, "48 kHz mono, peak %.0f dBFS over %.1f s", dbfs,
                static_cast<double>(options.listen.count()) / 1000.0);
  if (dbfs < -60.0) {
    return {"microphone", Verdict::warn, std::string(detail) + ": silent",
            "speak at the counter while the doctor runs; if still silent, unmute it and raise its gain (alsamixer)"};
  }
  return {"microphone", Verdict::ok, detail, ""};
}

DoctorLine reader_line(const Config& config) {
  auto reader = make_id_card_reader(config);
  if (!reader) return line_of("id card reader", Verdict::fail, reader.error().message());
  auto event = (*reader)->poll();
  if (auto line = state_line("id card reader", (*reader)->status())) return *line;
  if (!event) return line_of("id card reader", Verdict::fail, event.error().message());
  // A card on it is read, to prove the reader's SAM works — but nothing of the card is shown.
  const bool card = event->kind == devices::CardEvent::Kind::inserted && event->card;
  return {"id card reader", Verdict::ok,
          std::string(config.idcard.transport == "serial" ? "serial " + config.idcard.serial_port : "USB") +
              ", answers" + (card ? "; a card on it was read" : "; no card on it"),
          ""};
}

DoctorLine printer_line(const Config& config) {
  auto printer = make_printer(config);
  if (!printer) return line_of("printer", Verdict::fail, printer.error().message());
  auto status = (*printer)->query_status();
  if (!status) {
    if (auto line = state_line("printer", (*printer)->status())) return *line;
    return line_of("printer", Verdict::fail, status.error().message());
  }
  const std::string detail = status->describe() + ", " + std::to_string((*printer)->width_dots()) + " dots wide";
  if (!status->can_print()) {
    return {"printer", Verdict::fail, detail, "load paper, close the cover, then kiosk print test"};
  }
  if (status->paper_near_end) return {"printer", Verdict::warn, detail, "put a new roll ready"};
  return {"printer", Verdict::ok, detail, ""};
}

DoctorLine pad_line(const Config& config) {
  auto pad = make_signature_pad(config);
  if (!pad) return line_of("signature pad", Verdict::fail, pad.error().message());
  auto probed = (*pad)->probe();
  if (auto line = state_line("signature pad", (*pad)->status())) return *line;
  if (!probed) return line_of("signature pad", Verdict::fail, probed.error().message());
  return {"signature pad", Verdict::ok, (*pad)->model() + ", answers", ""};
}

// With --simulate (training, a developer's machine, CI) the kiosk may run headless: a missing display is a
// warning there, a failure on a counter.
std::vector<DoctorLine> display_lines(const Config& config, const DoctorOptions& options) {
  const Verdict missing = config.simulate ? Verdict::warn : Verdict::fail;
  auto access = check_display_access(options.display);
  if (!access) {
    const std::string& message = access.error().message();
    return {line_of(message.rfind("touch", 0) == 0 ? "touch" : "display", missing, message)};
  }
  return {{"display", Verdict::ok, access->display, ""}, {"touch", Verdict::ok, access->input, ""}};
}

}  // namespace

std::vector<DoctorLine> device_lines(const Config& config, const DoctorOptions& options) {
  std::vector<DoctorLine> lines;
  // The camera and the microphone are listened to at the same time.
  std::future<DoctorLine> camera;
  if (options.wants("camera")) camera = std::async(std::launch::async, [&] { return camera_line(config, options); });
  if (options.wants("microphone")) lines.push_back(microphone_line(config, options));
  if (camera.valid()) lines.insert(lines.begin(), camera.get());
  if (options.wants("id card reader")) lines.push_back(reader_line(config));
  if (options.wants("printer")) lines.push_back(printer_line(config));
  if (options.wants("signature pad")) lines.push_back(pad_line(config));
  if (options.wants("display") || options.wants("touch")) {
    for (DoctorLine& line : display_lines(config, options)) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace kiosk::app
