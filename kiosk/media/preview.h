// The camera's picture for the UI: a downscaled frame in a latest-frame slot. The encoder thread publishes about
// ten a second; the UI takes the newest whenever it draws. Neither ever waits for the other beyond a pointer swap.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace kiosk::media {

struct PreviewFrame {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::int64_t capture_ns = 0;
  std::vector<std::uint8_t> i420;  // width × height × 3/2; SDL shows it as an IYUV texture
};

class PreviewSlot {
 public:
  void publish(std::shared_ptr<const PreviewFrame> frame) {
    std::lock_guard lock(mutex_);
    frame_ = std::move(frame);
  }
  std::shared_ptr<const PreviewFrame> latest() const {
    std::lock_guard lock(mutex_);
    return frame_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const PreviewFrame> frame_;
};

}  // namespace kiosk::media
