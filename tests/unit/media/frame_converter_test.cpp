#include "kiosk/media/frame_converter.h"

#include <gtest/gtest.h>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "devices/camera/simulated_camera.h"
#include "kiosk/media/encoder.h"

namespace kiosk::media {
namespace {

using devices::PixelFormat;
using devices::VideoFormat;

std::vector<std::uint8_t> pattern(const VideoFormat& format) {
  std::vector<std::uint8_t> image;
  devices::SimulatedCamera::draw(image, format, 7, false);
  return image;
}

TEST(FrameConverter, I420AtTheRecordingSizeIsCopiedUntouchedIntoItsOwnBuffer) {
  const VideoFormat format{64, 48, 30, PixelFormat::yuv420};
  const auto image = pattern(format);
  FrameConverter converter(64, 48);
  auto converted = converter.to_i420({0, format, image});
  ASSERT_TRUE(converted);
  // A copy the overlay may draw into, never the camera's buffer.
  EXPECT_NE(converted->data(), image.data());
  EXPECT_TRUE(std::equal(converted->begin(), converted->end(), image.begin(), image.end()));
}

TEST(FrameConverter, Nv12IsDeinterleavedExactly) {
  const VideoFormat i420_format{64, 48, 30, PixelFormat::yuv420};
  const auto i420 = pattern(i420_format);
  // The same picture as NV12: Y plane, then U and V interleaved.
  std::vector<std::uint8_t> nv12(i420.begin(), i420.begin() + 64 * 48);
  for (std::size_t i = 0; i < 64 * 48 / 4; ++i) {
    nv12.push_back(i420[64 * 48 + i]);
    nv12.push_back(i420[64 * 48 + 64 * 48 / 4 + i]);
  }
  FrameConverter converter(64, 48);
  auto converted = converter.to_i420({0, VideoFormat{64, 48, 30, PixelFormat::nv12}, nv12});
  ASSERT_TRUE(converted) << converted.error().message();
  EXPECT_TRUE(std::equal(converted->begin(), converted->end(), i420.begin()));
}

TEST(FrameConverter, MjpegIsDecodedAndAWrongSizeScaled) {
  const VideoFormat format{128, 96, 30, PixelFormat::yuv420};
  const auto i420 = pattern(format);
  // Encode the picture as a USB webcam would send it.
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  AVCodecContext* encoder = avcodec_alloc_context3(codec);
  encoder->width = 128;
  encoder->height = 96;
  encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
  encoder->time_base = {1, 30};
  encoder->qmin = encoder->qmax = 2;
  ASSERT_EQ(avcodec_open2(encoder, codec, nullptr), 0);
  AVFrame* frame = av_frame_alloc();
  frame->format = AV_PIX_FMT_YUVJ420P;
  frame->width = 128;
  frame->height = 96;
  av_frame_get_buffer(frame, 0);
  for (int y = 0; y < 96; ++y) std::memcpy(frame->data[0] + y * frame->linesize[0], i420.data() + y * 128, 128);
  for (int y = 0; y < 48; ++y) {
    std::memcpy(frame->data[1] + y * frame->linesize[1], i420.data() + 128 * 96 + y * 64, 64);
    std::memcpy(frame->data[2] + y * frame->linesize[2], i420.data() + 128 * 96 * 5 / 4 + y * 64, 64);
  }
  AVPacket* packet = av_packet_alloc();
  ASSERT_EQ(avcodec_send_frame(encoder, frame), 0);
  ASSERT_EQ(avcodec_receive_packet(encoder, packet), 0);
  const std::vector<std::uint8_t> jpeg(packet->data, packet->data + packet->size);
  av_packet_free(&packet);
  av_frame_free(&frame);
  avcodec_free_context(&encoder);

  FrameConverter same_size(128, 96);
  auto decoded = same_size.to_i420({0, VideoFormat{128, 96, 30, PixelFormat::mjpeg}, jpeg});
  ASSERT_TRUE(decoded) << decoded.error().message();
  long difference = 0;
  for (std::size_t i = 0; i < 128 * 96; ++i) difference += std::abs(int{(*decoded)[i]} - int{i420[i]});
  // YUVJ is full range and the decoder output limited: a small uniform shift is expected, not a different picture.
  EXPECT_LT(difference / (128 * 96), 12);

  FrameConverter smaller(64, 48);
  auto scaled = smaller.to_i420({0, VideoFormat{128, 96, 30, PixelFormat::mjpeg}, jpeg});
  ASSERT_TRUE(scaled);
  EXPECT_EQ(scaled->size(), 64u * 48 * 3 / 2);
}

TEST(FrameConverter, ACorruptMjpegFrameIsAnErrorNotACrash) {
  FrameConverter converter(64, 48);
  const std::vector<std::uint8_t> garbage(500, 0x5a);
  auto converted = converter.to_i420({0, VideoFormat{64, 48, 30, PixelFormat::mjpeg}, garbage});
  ASSERT_FALSE(converted);
  EXPECT_NE(converted.error().message().find("corrupt MJPEG"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::media

namespace kiosk::media {
namespace {

TEST(VideoEncoder, AnEncoderThatDoesNotExistIsNamedWithTheChoices) {
  RecordingSettings settings;
  settings.video_encoder = "h265_magic";
  auto encoder = VideoEncoder::create(settings);
  ASSERT_FALSE(encoder);
  EXPECT_NE(encoder.error().message().find("use libx264, or h264_v4l2m2m"), std::string::npos);
}

TEST(VideoEncoder, WithoutTheSocsEncoderDeviceH264V4l2M2mIsRefusedWithTheRemedy) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/dev", error)) {
    if (entry.path().filename().string().starts_with("video")) GTEST_SKIP() << "this machine has video devices";
  }
  RecordingSettings settings;
  settings.video_encoder = "h264_v4l2m2m";
  settings.width = 320;
  settings.height = 240;
  auto encoder = VideoEncoder::create(settings);
  ASSERT_FALSE(encoder);
  EXPECT_NE(encoder.error().message().find("recording.video_encoder = \"libx264\""), std::string::npos)
      << encoder.error().message();
}

}  // namespace
}  // namespace kiosk::media
