#include "devices/camera/libcamera_camera.h"

#include <cstdlib>
#include <filesystem>
#include <libcamera/libcamera.h>
#include <sys/mman.h>
#include <time.h>

namespace kiosk::devices {
namespace {

std::int64_t clock_ns(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

// A dmabuf plane mapped into memory for as long as the camera runs.
struct MappedPlane {
  std::uint8_t* data = nullptr;
  std::size_t length = 0;
  std::size_t map_length = 0;
  void* map_base = nullptr;
};

}  // namespace

std::vector<std::string> video_device_nodes() {
  std::vector<std::string> nodes;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/dev", error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("video")) nodes.push_back(entry.path().string());
  }
  return nodes;
}

struct LibcameraCamera::State {
  std::unique_ptr<libcamera::CameraManager> manager;
  std::shared_ptr<libcamera::Camera> camera;
  std::unique_ptr<libcamera::CameraConfiguration> configuration;
  std::unique_ptr<libcamera::FrameBufferAllocator> allocator;
  std::vector<std::unique_ptr<libcamera::Request>> requests;
  std::map<const libcamera::FrameBuffer*, std::vector<MappedPlane>> mapped;
  libcamera::Stream* stream = nullptr;
  VideoFormat format;
  FrameCallback on_frame;
  std::atomic<bool> running{false};
  std::atomic<bool> disconnected{false};  // the camera went away (libcamera's Camera::disconnected)
  bool clock_checked = false;
  std::int64_t to_monotonic_ns = 0;  // added to the sensor timestamp
  std::vector<std::uint8_t> packed;  // the frame without row padding

  void on_disconnected() { disconnected = true; }

  void on_request(libcamera::Request* request) {
    if (request->status() == libcamera::Request::RequestCancelled || !running) return;
    const libcamera::FrameBuffer* buffer = request->buffers().begin()->second;
    std::int64_t timestamp = static_cast<std::int64_t>(buffer->metadata().timestamp);
    if (auto sensor = request->metadata().get(libcamera::controls::SensorTimestamp)) timestamp = *sensor;
    if (!clock_checked) {
      // Whichever clock the timestamp is close to now is its clock.
      const std::int64_t monotonic = clock_ns(CLOCK_MONOTONIC);
      const std::int64_t boottime = clock_ns(CLOCK_BOOTTIME);
      to_monotonic_ns =
          std::llabs(timestamp - monotonic) <= std::llabs(timestamp - boottime) ? 0 : monotonic - boottime;
      clock_checked = true;
    }
    const auto& planes = mapped[buffer];
    const libcamera::StreamConfiguration& stream_configuration = stream->configuration();
    const std::size_t used =
        buffer->metadata().planes().empty() ? planes[0].length : buffer->metadata().planes()[0].bytesused;
    if (format.pixel_format == PixelFormat::mjpeg) {
      on_frame(VideoFrameView{timestamp + to_monotonic_ns, format, {planes[0].data, used}});
    } else {
      // Pack the rows (the stride may be wider than the picture) into one contiguous 4:2:0 frame.
      const std::size_t width = format.width;
      const std::size_t height = format.height;
      const std::size_t stride = stream_configuration.stride;
      packed.resize(width * height * 3 / 2);
      const std::uint8_t* source = planes[0].data;
      for (std::size_t row = 0; row < height; ++row) {
        std::copy_n(source + row * stride, width, packed.data() + row * width);
      }
      const std::uint8_t* chroma = planes.size() > 1 ? planes[1].data : source + stride * height;
      const std::size_t chroma_rows = format.pixel_format == PixelFormat::nv12 ? height / 2 : height;  // U and V
      const std::size_t chroma_width = format.pixel_format == PixelFormat::nv12 ? width : width / 2;
      const std::size_t chroma_stride = format.pixel_format == PixelFormat::nv12 ? stride : stride / 2;
      for (std::size_t row = 0; row < chroma_rows; ++row) {
        std::copy_n(chroma + row * chroma_stride, chroma_width, packed.data() + width * height + row * chroma_width);
      }
      on_frame(VideoFrameView{timestamp + to_monotonic_ns, format, packed});
    }
    request->reuse(libcamera::Request::ReuseBuffers);
    if (running) camera->queueRequest(request);
  }
};

LibcameraCamera::LibcameraCamera(std::string camera_id) : camera_id_(std::move(camera_id)) {}

LibcameraCamera::~LibcameraCamera() {
  stop();
}

DeviceStatus LibcameraCamera::status() const {
  if (state_ && state_->disconnected) {
    return DeviceStatus{DeviceState::absent, "camera " + camera_id_ + " disconnected — check its cable"};
  }
  if (state_ && state_->running) return DeviceStatus{DeviceState::busy, "camera " + camera_id_};
  return DeviceStatus{DeviceState::ready, "camera " + camera_id_};
}

Expected<void> LibcameraCamera::start(const VideoFormat& format, FrameCallback on_frame) {
  using namespace libcamera;
  if (state_) return Error("camera: already started");
  setenv("LIBCAMERA_LOG_LEVELS", "*:ERROR", 0);  // "No IPA found" and friends are not for the counter's log
  auto state = std::make_unique<State>();
  state->manager = std::make_unique<CameraManager>();
  if (const int started = state->manager->start(); started < 0) {
    return Error("camera: libcamera cannot start (error " + std::to_string(started) + ")");
  }
  for (const std::shared_ptr<libcamera::Camera>& camera : state->manager->cameras()) {
    if (camera_id_.empty() || camera->id().find(camera_id_) != std::string::npos) {
      state->camera = camera;
      break;
    }
  }
  if (!state->camera) {
    const std::vector<std::string> nodes = video_device_nodes();
    std::string seen;
    for (const std::string& node : nodes) seen += (seen.empty() ? "" : ", ") + node;
    const std::string what = camera_id_.empty() ? "no camera" : "no camera \"" + camera_id_ + "\"";
    return Error("camera: libcamera finds " + what +
                 (nodes.empty() ? std::string(" and there is no /dev/video* — plug the camera in")
                                : " although " + seen +
                                      " exist — give the service user access to /dev/video* and /dev/media* (install "
                                      "the udev rule from packaging/) or check that the camera is supported"));
  }
  if (state->camera->acquire() < 0) {
    return Error("camera " + state->camera->id() + ": another program is using it — stop it and try again");
  }
  state->configuration = state->camera->generateConfiguration({StreamRole::VideoRecording});
  if (!state->configuration) return Error("camera " + state->camera->id() + ": cannot record video");
  StreamConfiguration& stream = state->configuration->at(0);
  stream.size = Size(format.width, format.height);
  stream.pixelFormat = format.pixel_format == PixelFormat::mjpeg    ? formats::MJPEG
                       : format.pixel_format == PixelFormat::yuv420 ? formats::YUV420
                                                                    : formats::NV12;
  stream.bufferCount = 4;
  if (state->configuration->validate() == CameraConfiguration::Invalid ||
      stream.size != Size(format.width, format.height)) {
    return Error("camera " + state->camera->id() + ": cannot give " + std::to_string(format.width) + "x" +
                 std::to_string(format.height) + " in " + stream.pixelFormat.toString() + " (it offers " +
                 stream.toString() + ") — set recording.width/height to a size it has");
  }
  if (state->camera->configure(state->configuration.get()) < 0) {
    return Error("camera " + state->camera->id() + ": cannot be configured as " + stream.toString());
  }
  state->stream = stream.stream();
  state->allocator = std::make_unique<FrameBufferAllocator>(state->camera);
  if (state->allocator->allocate(state->stream) < 0) return Error("camera: cannot allocate frame buffers");
  for (const std::unique_ptr<FrameBuffer>& buffer : state->allocator->buffers(state->stream)) {
    std::vector<MappedPlane> planes;
    for (const FrameBuffer::Plane& plane : buffer->planes()) {
      MappedPlane mapped;
      const std::size_t page = 4096;
      const std::size_t aligned_offset = plane.offset / page * page;
      mapped.map_length = plane.length + (plane.offset - aligned_offset);
      mapped.map_base =
          mmap(nullptr, mapped.map_length, PROT_READ, MAP_SHARED, plane.fd.get(), static_cast<off_t>(aligned_offset));
      if (mapped.map_base == MAP_FAILED) return Error("camera: cannot map a frame buffer");
      mapped.data = static_cast<std::uint8_t*>(mapped.map_base) + (plane.offset - aligned_offset);
      mapped.length = plane.length;
      planes.push_back(mapped);
    }
    state->mapped[buffer.get()] = std::move(planes);
    std::unique_ptr<Request> request = state->camera->createRequest();
    if (!request || request->addBuffer(state->stream, buffer.get()) < 0) return Error("camera: cannot queue frames");
    state->requests.push_back(std::move(request));
  }
  state->format = format;
  state->on_frame = std::move(on_frame);
  state->camera->requestCompleted.connect(state.get(), &State::on_request);
  state->camera->disconnected.connect(state.get(), &State::on_disconnected);
  ControlList controls;
  const auto frame_us = static_cast<std::int64_t>(1'000'000 / format.fps);
  controls.set(controls::FrameDurationLimits, Span<const std::int64_t, 2>({frame_us, frame_us}));
  state->running = true;
  if (state->camera->start(&controls) < 0) {
    state->running = false;
    return Error("camera " + state->camera->id() + ": cannot start streaming");
  }
  for (std::unique_ptr<Request>& request : state->requests) state->camera->queueRequest(request.get());
  state_ = std::move(state);
  return {};
}

void LibcameraCamera::stop() {
  if (!state_) return;
  state_->running = false;
  if (state_->camera) {
    state_->camera->stop();
    state_->camera->requestCompleted.disconnect(state_.get(), &State::on_request);
    state_->camera->disconnected.disconnect(state_.get(), &State::on_disconnected);
  }
  for (auto& [buffer, planes] : state_->mapped) {
    for (MappedPlane& plane : planes) munmap(plane.map_base, plane.map_length);
  }
  state_->requests.clear();
  state_->allocator.reset();
  if (state_->camera) state_->camera->release();
  state_->camera.reset();
  if (state_->manager) state_->manager->stop();
  state_.reset();
}

}  // namespace kiosk::devices
