// Counter camera (libcamera). Driver and simulator come with the recording work.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "devices/device_status.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

enum class PixelFormat { nv12, yuv420, mjpeg, rgb24 };

struct VideoFormat {
  std::uint32_t width = 1280;
  std::uint32_t height = 720;
  std::uint32_t fps = 25;
  PixelFormat pixel_format = PixelFormat::nv12;
};

// A frame as the camera delivered it, valid only during the callback.
struct VideoFrameView {
  std::int64_t capture_monotonic_ns = 0;  // sensor timestamp mapped to CLOCK_MONOTONIC
  VideoFormat format;
  std::span<const std::uint8_t> bytes;
};

class Camera {
 public:
  using FrameCallback = std::function<void(const VideoFrameView&)>;
  virtual ~Camera() = default;
  virtual DeviceStatus status() const = 0;
  // Frames arrive on the camera's own thread; the callback must not block.
  virtual Expected<void> start(const VideoFormat& format, FrameCallback on_frame) = 0;
  virtual void stop() = 0;
};

}  // namespace kiosk::devices
