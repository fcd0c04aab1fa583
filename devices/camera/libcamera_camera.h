// The counter camera through libcamera (Debian 12: 0.0.3). Frames carry their sensor timestamp mapped to
// CLOCK_MONOTONIC (checked at start: the timestamp is documented as CLOCK_BOOTTIME, while uvcvideo and most
// pipelines give CLOCK_MONOTONIC). Frames are handed on as the camera gives them — NV12 or YUV420 from CSI
// sensors, MJPEG from USB webcams — and kiosk/media converts or decodes them.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/camera/camera.h"

namespace kiosk::devices {

class LibcameraCamera final : public Camera {
 public:
  // `camera_id`: a substring of the libcamera camera id ("" takes the first camera).
  explicit LibcameraCamera(std::string camera_id);
  ~LibcameraCamera() override;
  LibcameraCamera(const LibcameraCamera&) = delete;
  LibcameraCamera& operator=(const LibcameraCamera&) = delete;

  DeviceStatus status() const override;
  Expected<void> start(const VideoFormat& format, FrameCallback on_frame) override;
  void stop() override;

 private:
  struct State;
  std::string camera_id_;
  std::unique_ptr<State> state_;
};

// The /dev/video* nodes present, for messages that tell a technician where to look.
std::vector<std::string> video_device_nodes();

}  // namespace kiosk::devices
