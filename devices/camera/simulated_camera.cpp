#include "devices/camera/simulated_camera.h"

#include <algorithm>
#include <cstring>

namespace kiosk::devices {

DeviceStatus SimulatedCamera::status() const {
  if (unplugged_) {
    if (time_->now_ns() < outage_to_ns_) return DeviceStatus{DeviceState::absent, "simulated camera: unplugged"};
    return DeviceStatus{DeviceState::ready, "simulated camera: plugged in again"};
  }
  return DeviceStatus{running_ ? DeviceState::busy : DeviceState::ready, "simulated camera (test pattern)"};
}

std::int64_t SimulatedCamera::frame_time_ns(std::int64_t start_ns, std::uint32_t fps, std::int64_t frame) {
  return start_ns + frame * 1'000'000'000 / fps;
}

bool SimulatedCamera::is_flash(std::int64_t start_ns, std::uint32_t fps, std::int64_t frame) {
  const std::int64_t now = frame_time_ns(start_ns, fps, frame);
  const std::int64_t before = frame == 0 ? now - 1 : frame_time_ns(start_ns, fps, frame - 1);
  // The first frame at or after a whole second: the seconds of `before` and `now` differ, or `now` is one.
  return now % 1'000'000'000 == 0 || now / 1'000'000'000 != before / 1'000'000'000;
}

void SimulatedCamera::draw(std::vector<std::uint8_t>& image, const VideoFormat& format, std::int64_t frame,
                           bool flash) {
  const std::size_t width = format.width;
  const std::size_t height = format.height;
  image.resize(width * height * 3 / 2);
  std::uint8_t* luma = image.data();
  std::uint8_t* chroma = image.data() + width * height;
  if (flash) {
    std::memset(luma, 235, width * height);  // BT.601 limited-range white
    std::memset(chroma, 128, width * height / 2);
    return;
  }
  // A dim diagonal gradient, and a bright bar that crosses the picture every two seconds at 30 fps.
  const std::size_t bar_width = std::max<std::size_t>(width / 16, 2);
  const std::size_t bar_x = static_cast<std::size_t>(frame * static_cast<std::int64_t>(width) / 60) % width;
  for (std::size_t y = 0; y < height; ++y) {
    std::uint8_t* row = luma + y * width;
    for (std::size_t x = 0; x < width; ++x) {
      const bool in_bar = x >= bar_x && x < bar_x + bar_width;
      row[x] = in_bar ? std::uint8_t{200} : static_cast<std::uint8_t>(16 + (x + y) * 64 / (width + height));
    }
  }
  for (std::size_t i = 0; i < width * height / 4; ++i) {
    chroma[i] = 110;                       // U
    chroma[width * height / 4 + i] = 140;  // V
  }
}

Expected<void> SimulatedCamera::start(const VideoFormat& format, FrameCallback on_frame) {
  if (running_) return Error("simulated camera: already started");
  if (format.width < 16 || format.height < 16 || format.width % 2 != 0 || format.height % 2 != 0 ||
      format.width > 7680 || format.height > 4320) {
    return Error("simulated camera: " + std::to_string(format.width) + "x" + std::to_string(format.height) +
                 " is not a usable size — use even sizes from 16x16 to 7680x4320");
  }
  if (format.fps < 1 || format.fps > 120) return Error("simulated camera: fps must be 1 to 120");
  if (format.pixel_format != PixelFormat::yuv420) {
    return Error("simulated camera: only yuv420 (I420) is drawn — ask for yuv420");
  }
  if (unplugged_) {
    if (time_->now_ns() < outage_to_ns_) {
      return Error("simulated camera: unplugged — plug it in again (it is back at the end of the simulated outage)");
    }
    unplugged_ = false;
  }
  stop_ = false;
  running_ = true;
  // Join the simulated world now, in the caller's thread: virtual time must know of this source before it moves.
  const int source = time_->join();
  thread_ = std::thread(&SimulatedCamera::run, this, source, format, std::move(on_frame));
  return {};
}

void SimulatedCamera::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  running_ = false;
}

void SimulatedCamera::run(int source, VideoFormat format, FrameCallback on_frame) {
  const std::int64_t start = time_->start_ns();
  std::vector<std::uint8_t> image;
  // Frames keep their place in the pattern: started again later, the camera goes on at the present.
  const std::int64_t now = time_->now_ns();
  std::int64_t frame = now <= start ? 0 : ((now - start) * format.fps + 999'999'999) / 1'000'000'000;
  for (;; ++frame) {
    const std::int64_t capture_ns = frame_time_ns(start, format.fps, frame);
    if (capture_ns >= outage_from_ns_ && capture_ns < outage_to_ns_) {
      unplugged_ = true;  // pulled out: the stream ends here
      break;
    }
    if (!time_->wait_until(source, capture_ns, stop_)) break;
    draw(image, format, frame, is_flash(start, format.fps, frame));
    on_frame(VideoFrameView{capture_ns, format, image});
  }
  time_->leave(source);
}

}  // namespace kiosk::devices
