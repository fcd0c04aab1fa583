// A camera that draws a test pattern: a gradient, a moving bar (so the encoder has real work), and one
// full-frame white flash on the first frame captured at or after each whole second of true time. Frame n is
// captured at start + n / fps seconds exactly, so at whole fps multiples the flash falls on the second itself.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "devices/camera/camera.h"
#include "devices/simulation/simulated_time.h"

namespace kiosk::devices {

class SimulatedCamera final : public Camera {
 public:
  explicit SimulatedCamera(std::shared_ptr<SimulatedTime> time) : time_(std::move(time)) {}
  ~SimulatedCamera() override { stop(); }

  DeviceStatus status() const override;
  Expected<void> start(const VideoFormat& format, FrameCallback on_frame) override;
  void stop() override;

  // Simulates the camera being pulled out at `from_ns` and plugged in again at `to_ns` (simulated time): from then
  // on nothing is delivered and status() says it is absent, start() fails until `to_ns`, and after that a new
  // start() delivers again from the present — as a USB device that re-enumerates. Call before start().
  void unplug_between(std::int64_t from_ns, std::int64_t to_ns) {
    outage_from_ns_ = from_ns;
    outage_to_ns_ = to_ns;
  }

  // The capture time of frame n, and whether it is a flash frame: the pattern, exposed for tests.
  static std::int64_t frame_time_ns(std::int64_t start_ns, std::uint32_t fps, std::int64_t frame);
  static bool is_flash(std::int64_t start_ns, std::uint32_t fps, std::int64_t frame);
  // Draws frame n as I420 into `image` (width × height × 3 / 2 bytes).
  static void draw(std::vector<std::uint8_t>& image, const VideoFormat& format, std::int64_t frame, bool flash);

 private:
  void run(int source, VideoFormat format, FrameCallback on_frame);

  std::shared_ptr<SimulatedTime> time_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  std::atomic<bool> unplugged_{false};
  std::atomic<std::int64_t> outage_from_ns_{-1};
  std::atomic<std::int64_t> outage_to_ns_{-1};
  std::thread thread_;
};

}  // namespace kiosk::devices
