#include "kiosk/media/frame_converter.h"

extern "C" {
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cstring>

#include "kiosk/media/detail/av.h"

namespace kiosk::media {

struct FrameConverter::State {
  std::uint32_t width;
  std::uint32_t height;
  std::vector<std::uint8_t> i420;
  detail::CodecContextPtr mjpeg;
  detail::FramePtr decoded;
  detail::PacketPtr packet;
  SwsContext* scaler = nullptr;

  ~State() { sws_freeContext(scaler); }

  // Scales/converts planes of `format` at source size into `i420`.
  void scale(const std::uint8_t* const planes[], const int strides[], int source_width, int source_height,
             AVPixelFormat format) {
    scaler =
        sws_getCachedContext(scaler, source_width, source_height, format, static_cast<int>(width),
                             static_cast<int>(height), AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
    const int w = static_cast<int>(width);
    const int h = static_cast<int>(height);
    std::uint8_t* destination[3] = {i420.data(), i420.data() + w * h, i420.data() + w * h + w * h / 4};
    const int destination_strides[3] = {w, w / 2, w / 2};
    sws_scale(scaler, planes, strides, 0, source_height, destination, destination_strides);
  }
};

FrameConverter::FrameConverter(std::uint32_t width, std::uint32_t height) : state_(std::make_unique<State>()) {
  state_->width = width;
  state_->height = height;
  state_->i420.resize(std::size_t{width} * height * 3 / 2);
}

FrameConverter::~FrameConverter() = default;

Expected<std::span<std::uint8_t>> FrameConverter::to_i420(const devices::VideoFrameView& frame) {
  State& s = *state_;
  const auto width = static_cast<int>(frame.format.width);
  const auto height = static_cast<int>(frame.format.height);
  const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  const bool same_size = frame.format.width == s.width && frame.format.height == s.height;
  switch (frame.format.pixel_format) {
    case devices::PixelFormat::yuv420: {
      if (frame.bytes.size() < pixels * 3 / 2) return Error("camera frame is shorter than its size says");
      if (same_size) {
        std::copy_n(frame.bytes.begin(), s.i420.size(), s.i420.begin());
        return std::span<std::uint8_t>(s.i420);
      }
      const std::uint8_t* planes[3] = {frame.bytes.data(), frame.bytes.data() + pixels,
                                       frame.bytes.data() + pixels + pixels / 4};
      const int strides[3] = {width, width / 2, width / 2};
      s.scale(planes, strides, width, height, AV_PIX_FMT_YUV420P);
      return std::span<std::uint8_t>(s.i420);
    }
    case devices::PixelFormat::nv12: {
      if (frame.bytes.size() < pixels * 3 / 2) return Error("camera frame is shorter than its size says");
      const std::uint8_t* planes[2] = {frame.bytes.data(), frame.bytes.data() + pixels};
      const int strides[2] = {width, width};
      s.scale(planes, strides, width, height, AV_PIX_FMT_NV12);
      return std::span<std::uint8_t>(s.i420);
    }
    case devices::PixelFormat::mjpeg: {
      if (!s.mjpeg) {
        const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
        s.mjpeg.reset(avcodec_alloc_context3(codec));
        if (const int opened = avcodec_open2(s.mjpeg.get(), codec, nullptr); opened < 0) {
          return detail::av_failure("MJPEG decoder", opened);
        }
        s.decoded.reset(av_frame_alloc());
        s.packet.reset(av_packet_alloc());
      }
      s.packet->data = const_cast<std::uint8_t*>(frame.bytes.data());
      s.packet->size = static_cast<int>(frame.bytes.size());
      if (const int sent = avcodec_send_packet(s.mjpeg.get(), s.packet.get()); sent < 0) {
        return detail::av_failure("corrupt MJPEG frame from the camera", sent);
      }
      if (const int received = avcodec_receive_frame(s.mjpeg.get(), s.decoded.get()); received < 0) {
        return detail::av_failure("corrupt MJPEG frame from the camera", received);
      }
      const AVFrame* decoded = s.decoded.get();
      s.scale(decoded->data, decoded->linesize, decoded->width, decoded->height,
              static_cast<AVPixelFormat>(decoded->format));
      return std::span<std::uint8_t>(s.i420);
    }
    case devices::PixelFormat::rgb24: {
      const std::uint8_t* planes[1] = {frame.bytes.data()};
      const int strides[1] = {width * 3};
      s.scale(planes, strides, width, height, AV_PIX_FMT_RGB24);
      return std::span<std::uint8_t>(s.i420);
    }
  }
  return Error("camera frame in an unknown pixel format");
}

}  // namespace kiosk::media
