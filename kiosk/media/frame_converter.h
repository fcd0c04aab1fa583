// Brings whatever the camera gives to the encoder's I420 at the recording size: NV12 (CSI sensors) is
// de-interleaved, MJPEG (USB webcams) is decoded with libavcodec, any other size is scaled with libswscale.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "devices/camera/camera.h"
#include "kiosk/core/error.h"

namespace kiosk::media {

class FrameConverter {
 public:
  FrameConverter(std::uint32_t width, std::uint32_t height);
  ~FrameConverter();

  // The frame as I420 at width × height, in the converter's own buffer (valid until the next call; the overlay
  // draws into it). A corrupt MJPEG frame is an error (the recorder counts it as dropped).
  Expected<std::span<std::uint8_t>> to_i420(const devices::VideoFrameView& frame);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kiosk::media
